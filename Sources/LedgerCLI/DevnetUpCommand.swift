import ArgumentParser
import Foundation
import LedgerCore

/// `ledger devnet up --dir DIR`: runs every node of a devnet as a child process until Ctrl-C.
struct DevnetUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start every node of a devnet written by 'devnet init'; Ctrl-C (or SIGTERM) stops them all.",
        discussion: """
            Each node's log goes to DIR/NAME.log. Exit status 0 after a clean stop; 1 if a node failed to start \
            or exited on its own.
            """)

    @Option(name: .long, help: "The devnet directory.")
    var dir: String

    @Flag(name: .long, help: "Print the running nodes as JSON instead of text.")
    var json = false

    func run() throws {
        let names = try nodeNames()
        let executable = try Self.nodeExecutable()
        let devnet = DevnetProcesses()
        var started: [JSONValue] = []
        for name in names {
            let api = Self.apiAddress(config: dir + "/\(name).toml") ?? "?"
            try devnet.start(
                name: name, executable: executable, config: dir + "/\(name).toml", log: dir + "/\(name).log")
            started.append(
                .object([
                    JSONMember("name", .string(name)), JSONMember("api", .string("http://\(api)")),
                    JSONMember("log", .string("\(dir)/\(name).log")),
                ]))
            if !json { CLIOutput.write("\(name): API http://\(api)  (log \(dir)/\(name).log)") }
        }
        var catalogue: [JSONMember] = []
        if let first = names.first, let api = Self.apiAddress(config: dir + "/\(first).toml"),
            FileManager.default.fileExists(atPath: dir + "/" + DevnetPlan.catalogueFile)
        {
            do {
                let outcome = try CatalogueLoad(path: dir + "/" + DevnetPlan.catalogueFile, node: "http://\(api)").run()
                catalogue = [JSONMember("catalogue", outcome.json)]
                if !json { CLIOutput.write(outcome.description) }
            } catch {
                devnet.stopAll()
                throw error
            }
        }
        if json {
            CLIOutput.write(json: .object([JSONMember("nodes", .array(started))] + catalogue))
        } else {
            CLIOutput.write("\(names.count) nodes running; Ctrl-C stops them")
        }
        let clean = devnet.runUntilSignal()
        if !json {
            CLIOutput.write(clean ? "all nodes stopped" : "stopped; a node had exited on its own (see its log)")
        }
        if !clean { throw CLIFailure.checkFailed("a node exited on its own; see the logs in \(dir)") }
    }

    /// node-*.toml then observer-*.toml, in number order.
    private func nodeNames() throws -> [String] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw CLIFailure.usage(
                "cannot read '\(dir)': no such directory. Run 'ledger devnet init --dir \(dir)' first.")
        }
        let names = files.filter { $0.hasSuffix(".toml") && ($0.hasPrefix("node-") || $0.hasPrefix("observer-")) }
            .map { String($0.dropLast(5)) }
        guard !names.isEmpty else {
            throw CLIFailure.usage("no node files in '\(dir)'. Run 'ledger devnet init --dir \(dir)' first.")
        }
        func order(_ name: String) -> (Int, Int) {
            (name.hasPrefix("node-") ? 0 : 1, Int(name.split(separator: "-").last ?? "") ?? 0)
        }
        return names.sorted { order($0) < order($1) }
    }

    /// `ledger-node` next to this `ledger`, else on PATH.
    static func nodeExecutable() throws -> URL {
        let own = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        let sibling = own.deletingLastPathComponent().appendingPathComponent("ledger-node")
        if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("ledger-node")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw CLIFailure.usage("cannot find ledger-node next to ledger or on PATH; build it with 'swift build'")
    }

    /// The `listen` value of a node file's [api] section.
    static func apiAddress(config: String) -> String? {
        guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { return nil }
        var inAPI = false
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inAPI = line == "[api]" }
            if inAPI, line.hasPrefix("listen"), let quote = line.firstIndex(of: "\"") {
                return String(line[line.index(after: quote)...].dropLast())
            }
        }
        return nil
    }
}

/// Child node processes, stopped together on SIGINT or SIGTERM.
final class DevnetProcesses: @unchecked Sendable {
    private let lock = NSLock()
    private var processes: [(name: String, process: Process)] = []
    /// Each node's log and where this run's part of it starts, to quote the node's own error when it exits.
    private var logs: [String: (path: String, offset: UInt64)] = [:]
    private var stopping = false
    private var unexpectedExit = false
    private let allExited = DispatchSemaphore(value: 0)

    func start(name: String, executable: URL, config: String, log: String) throws {
        if !FileManager.default.fileExists(atPath: log) {
            _ = FileManager.default.createFile(atPath: log, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: log) else {
            throw CLIFailure.usage("cannot write the log \(log)")
        }
        let offset = handle.seekToEndOfFile()
        lock.withLock { logs[name] = (log, offset) }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--config", config]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] finished in self?.exited(name: name, process: finished) }
        do {
            try process.run()
        } catch {
            stopAll()
            throw CLIFailure.checkFailed("cannot start \(name): \(error)")
        }
        lock.withLock { processes.append((name, process)) }
    }

    private func exited(name: String, process: Process) {
        let (wasStopping, remaining) = lock.withLock { () -> (Bool, Int) in
            if !stopping { unexpectedExit = true }
            return (stopping, processes.filter { $0.process.isRunning }.count)
        }
        if !wasStopping {
            let log = lock.withLock { logs[name] }
            let reason = log.flatMap { Self.firstErrorLine(log: $0.path, from: $0.offset) }
            CLIOutput.writeError(
                "\(name) exited with status \(process.terminationStatus): "
                    + (reason ?? "it logged no error") + " (log \(log?.path ?? "?"))")
        }
        if remaining == 0 { allExited.signal() }
    }

    /// The first line a node wrote from `offset` on that reports a failure: its own `ledger-node:` message, or
    /// a critical or error log line.
    static func firstErrorLine(log: String, from offset: UInt64) -> String? {
        guard let handle = FileHandle(forReadingAtPath: log) else { return nil }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        let text = String(decoding: handle.readDataToEndOfFile().prefix(1 << 20), as: UTF8.self)
        return text.split(separator: "\n").first {
            $0.hasPrefix("ledger-node:") || $0.contains(" critical ") || $0.contains(" error ")
        }.map { String($0.prefix(500)) }
    }

    /// Blocks until SIGINT or SIGTERM (then stops every node) or until every node has exited. True when every
    /// node stopped because we asked.
    func runUntilSignal() -> Bool {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "devnet-signals")
        let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
        for source in sources {
            source.setEventHandler { [weak self] in self?.stopAll() }
            source.resume()
        }
        allExited.wait()
        return lock.withLock { !unexpectedExit }
    }

    func stopAll() {
        let running = lock.withLock { () -> [Process] in
            stopping = true
            return processes.map(\.process).filter(\.isRunning)
        }
        for process in running { process.terminate() }
        if running.isEmpty { allExited.signal() }
    }
}
