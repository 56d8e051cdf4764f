import ArgumentParser
import Foundation
import LedgerCore
import LedgerTesting

/// `ledger bench node`: load a running node or network with credentials and measure finality as a client sees it.
struct BenchNodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Submit credentials to running nodes and measure finalized transactions per second and latency.",
        discussion: """
            Registers a fresh issuer (signed with --authority-key, a validator's key), pre-signs --count \
            credentials, then submits them in batches round-robin over the --node URLs. It watches the first \
            node's blocks every 5 ms. A transaction's latency runs from just before its POST until the client \
            first sees it in a final block. Throughput is count / (last final − first submit).
            """)

    @Option(name: .long, help: "A node's API URL; repeat to spread the load.")
    var node: [String] = []

    @Option(name: .long, help: "A genesis validator's private key, to register the benchmark's issuer.")
    var authorityKey: String

    @Option(name: .long, help: "Credentials to submit.")
    var count = 10_000

    @Option(name: .long, help: "Transactions per POST (1–1000).")
    var batch = 100

    @Option(name: .long, help: "POSTs in flight at once.")
    var inFlight = 8

    @Option(name: .long, help: "Offered load in transactions per second (default: as fast as the nodes take them).")
    var rate: Double?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard !node.isEmpty else { throw ValidationError("give at least one --node URL") }
        guard (1...1_000).contains(batch), (1...10_000_000).contains(count), (1...256).contains(inFlight) else {
            throw ValidationError("need 1 ≤ --batch ≤ 1000, 1 ≤ --count ≤ 10000000, 1 ≤ --in-flight ≤ 256")
        }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be above 0") }
    }

    func run() throws {
        let clients = try node.map { text in
            guard let url = URL(string: text), url.scheme != nil else {
                throw CLIFailure.usage("--node '\(text)' is not a URL like http://127.0.0.1:7070")
            }
            return NodeClient(baseURL: url)
        }
        let authority: P256PrivateKey
        do {
            authority = try KeyFile.readPrivateKey(path: authorityKey)
        } catch {
            throw CLIFailure.usage("--authority-key \(authorityKey): \(error)")
        }
        let load = NodeLoad(clients: clients, count: count, batch: batch, inFlight: inFlight, rate: rate)
        let report = try BlockingTask.run { try await load.run(authority: authority) }
        if json {
            CLIOutput.write(json: report.json)
        } else {
            CLIOutput.write(report.text)
        }
        if report.refused > 0 { throw CLIFailure.checkFailed("\(report.refused) transactions were refused") }
    }
}

/// Runs async work to completion from synchronous code (the CLI's entry point is synchronous).
enum BlockingTask {
    static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                box.result = .success(try await body())
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    private final class ResultBox<Value>: @unchecked Sendable {
        var result: Result<Value, any Error>?
    }
}
