import Foundation
import LedgerClient
import LedgerCore
import LedgerStore
import LedgerTesting

/// A devnet written by the built `ledger devnet init`, with each node a real `ledger-node` process.
final class DevnetHarness: @unchecked Sendable {
    let directory: URL
    let genesis: Genesis
    let issuerKey: P256PrivateKey
    let validatorKeys: [P256PrivateKey]
    /// Validators first, then observers: index i is node-(i+1) for i < validatorCount.
    let clients: [NodeClient]
    let names: [String]
    let validatorCount: Int
    let p2pPorts: [Int]
    private var processes: [Process?]
    /// Signalled when each node's process exits, so stopping waits on the exit itself, not by polling.
    private var exits: [DispatchSemaphore?]
    private let lock = NSLock()

    init(nodes: Int, observers: Int = 0) throws {
        directory = try ProcessRunner.temporaryDirectory(prefix: "mcledger-devnet")
        // Each node takes two consecutive ports; all of them are free when the devnet is written.
        let basePort = FreePort.consecutive(2 * (nodes + observers))
        let result = try ProcessRunner.run(
            ProcessRunner.builtProduct("ledger"),
            [
                "devnet", "init", "--nodes", "\(nodes)", "--observers", "\(observers)", "--dir", directory.path,
                "--base-port", "\(basePort)", "--json",
            ])
        guard result.status == 0 else { throw NodeClient.Failure(description: "devnet init: \(result.standardError)") }
        let report = try JSONParser.parse(Array(result.standardOutput.utf8))
        let nodeList = (report["nodes"]?.arrayValue ?? []) + (report["observers"]?.arrayValue ?? [])
        validatorCount = nodes
        names = nodeList.map { $0["name"]!.stringValue! }
        clients = nodeList.map { NodeClient(baseURL: URL(string: $0["api"]!.stringValue!)!) }
        p2pPorts = nodeList.map { Int($0["p2p"]!.stringValue!.split(separator: ":").last!)! }
        genesis = try Genesis.parse(json: Array(try Data(contentsOf: directory.appendingPathComponent("genesis.json"))))
        issuerKey = try KeyFile.readPrivateKey(path: directory.appendingPathComponent("issuer.key.pem").path)
        let directory = self.directory
        validatorKeys = try (1...nodes).map {
            try KeyFile.readPrivateKey(path: directory.appendingPathComponent("node-\($0)/node.key.pem").path)
        }
        processes = Array(repeating: nil, count: nodes + observers)
        exits = Array(repeating: nil, count: nodes + observers)
    }

    var factory: TransactionFactory {
        TransactionFactory(
            chainID: genesis.chainID, authorityKey: validatorKeys[0], issuerKey: issuerKey, issuerID: "demo-institute")
    }

    func logPath(_ index: Int) -> String { directory.appendingPathComponent("\(names[index]).log").path }

    /// Starts node `index` (0-based), appending to its log.
    func start(_ index: Int) throws {
        let process = Process()
        process.executableURL = ProcessRunner.builtProduct("ledger-node")
        process.arguments = ["--config", directory.appendingPathComponent("\(names[index]).toml").path]
        if !FileManager.default.fileExists(atPath: logPath(index)) {
            _ = FileManager.default.createFile(atPath: logPath(index), contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath(index)))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        lock.withLock {
            processes[index] = process
            exits[index] = exited
        }
    }

    func processIdentifier(_ index: Int) -> Int32? { lock.withLock { processes[index]?.processIdentifier } }

    /// Waits until every node is connected to all the others.
    func waitForConnections() async throws {
        let peers = UInt64(validatorCount - 1)
        try await Self.eventually("every validator is connected to the \(peers) others") {
            for client in clients.prefix(validatorCount)
            where try await client.head()["peers"]?.unsignedIntegerValue ?? 0 < peers {
                return false
            }
            return true
        }
    }

    /// SIGKILL: the node gets no chance to clean up.
    func kill(_ index: Int) {
        guard let process = lock.withLock({ processes[index] }) else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        lock.withLock { processes[index] = nil }
    }

    /// SIGTERM and wait up to 30 s for a graceful exit; returns the exit status, or nil if it had to be killed.
    @discardableResult
    func stop(_ index: Int) -> Int32? {
        guard let (process, exited) = lock.withLock({ processes[index].map { ($0, exits[index]) } }) else {
            return nil
        }
        process.terminate()
        let graceful = exited?.wait(timeout: .now() + 30) == .success
        if !graceful { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        lock.withLock { processes[index] = nil }
        return graceful ? process.terminationStatus : nil
    }

    func stopAll() -> [Int32?] { (0..<clients.count).map { stop($0) } }

    func remove() {
        _ = stopAll()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `Polling.eventually`: the nodes are separate processes, so their state is observed, not awaited.
    static func eventually(
        _ what: String, within seconds: Double = 90, _ condition: () async throws -> Bool
    ) async throws {
        try await Polling.eventually(what, within: seconds, condition)
    }

    /// The tips of the given nodes.
    func tips(_ nodes: [Int]) async throws -> [(height: UInt64, hash: String, ledgerSize: UInt64)] {
        var tips: [(UInt64, String, UInt64)] = []
        for index in nodes { tips.append(try await clients[index].tip()) }
        return tips
    }

    /// Waits until every listed node holds at least `ledgerSize` transactions and they agree on the head.
    func waitForAgreement(_ nodes: [Int], ledgerSize: UInt64, within seconds: Double = 90) async throws {
        try await Self.eventually("nodes \(nodes) agree at ledger size ≥ \(ledgerSize)", within: seconds) {
            let tips = try await tips(nodes)
            return tips.allSatisfy { $0.ledgerSize >= ledgerSize } && Set(tips.map(\.hash)).count == 1
        }
    }

    /// Every node's block hash at every height up to the lowest tip must be identical: no fork.
    /// Every node serves the same block at every height they all have. A node that cannot serve one fails the
    /// check (it is not counted as agreeing), and so does a network that decided nothing.
    func assertNoFork(_ nodes: [Int]) async throws {
        let lowest = try await tips(nodes).map(\.height).min() ?? 0
        guard lowest >= 1 else {
            throw NodeClient.Failure(description: "no block is final on every node, so there is nothing to compare")
        }
        for height in 1...lowest {
            var hashes: Set<String> = []
            for index in nodes {
                let reply = try await clients[index].get("/v1/blocks/\(height)")
                guard reply.status == 200, let hash = reply.json["hash"]?.stringValue else {
                    throw NodeClient.Failure(
                        description: "node \(index) did not serve block \(height): HTTP \(reply.status)")
                }
                hashes.insert(hash)
            }
            guard hashes.count == 1 else {
                throw NodeClient.Failure(description: "fork at height \(height): \(hashes)")
            }
        }
    }
}
