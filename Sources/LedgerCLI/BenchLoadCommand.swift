import ArgumentParser
import Foundation
import LedgerClient
import LedgerCore
import LedgerParallel

/// `ledger bench load`: drive running nodes with issuances (and revocations) and measure finality as a client
/// sees it.
struct BenchLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Drive a running dev node or devnet; report finalized tx/s, finality latency and rejections.",
        discussion: """
            Registers a fresh issuer (signed with --authority-key, a validator's key) and pre-signs the load. \
            For --duration seconds (or until --count transactions are sent) it then submits POSTs of --batch \
            transactions round-robin over the --node URLs: at --rate transactions per second, or with --max as fast as the nodes answer (--in-flight \
            POSTs at once). --mix issue:revoke sets the share of revocations, which revoke credentials issued \
            before the run. Latency runs from just before a transaction's POST until the client first sees it \
            in a final block (the first node's blocks, polled every 5 ms), in an HdrHistogram.
            """)

    @Option(name: .long, help: "A node's API URL; repeat to spread the load.")
    var node: [String] = []

    @Option(name: .long, help: "A genesis validator's private key, to register the load's issuer.")
    var authorityKey: String

    @Option(name: .long, help: "Offered load, transactions per second.")
    var rate: Double?

    @Flag(name: .long, help: "Submit as fast as the nodes answer instead of at a --rate.")
    var max = false

    @Option(name: .long, help: "Seconds of load (default 10 unless --count is given).")
    var duration: Double?

    @Option(name: .long, help: "Submit exactly this many transactions instead of running for a --duration.")
    var count: Int?

    @Option(name: .long, help: "Issuances to revocations, e.g. 9:1.")
    var mix = "1:0"

    @Option(name: .long, help: "Transactions per POST (1–1000); default 100 with --max, else 10.")
    var batch: Int?

    @Option(name: .long, help: "POSTs in flight at once.")
    var inFlight = 8

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard !node.isEmpty else { throw ValidationError("give at least one --node URL") }
        guard max != (rate != nil) else { throw ValidationError("give exactly one of --rate R or --max") }
        if let rate, !(rate > 0 && rate <= 1_000_000) { throw ValidationError("--rate must be from 0 to 1000000") }
        if let duration, !(duration > 0 && duration <= 3_600) {
            throw ValidationError("--duration must be from 0 to 3600 s")
        }
        if let count, !(1...10_000_000).contains(count) { throw ValidationError("--count must be from 1 to 10000000") }
        guard duration == nil || count == nil else { throw ValidationError("give --duration or --count, not both") }
        guard (1...1_000).contains(batch ?? 1), (1...256).contains(inFlight) else {
            throw ValidationError("need 1 ≤ --batch ≤ 1000 and 1 ≤ --in-flight ≤ 256")
        }
        _ = try LoadMix(parsing: mix)
    }

    func run() throws {
        let clients = try node.map { text in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw CLIFailure.usage("--node '\(text)' is not a URL like http://127.0.0.1:7070")
            }
            return NodeClient(baseURL: url)
        }
        let authority = try readPrivateKey(authorityKey, option: "--authority-key")
        let plan = LoadPlan(
            rate: rate, duration: count == nil ? duration ?? 10 : nil, count: count, mix: try LoadMix(parsing: mix),
            batch: batch ?? (max ? 100 : 10),
            inFlight: inFlight)
        let report: NodeLoad.Report
        do {
            report = try BlockingTask.run { try await NodeLoad(clients: clients, plan: plan).run(authority: authority) }
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.checkFailed(
                "a request to \(node.joined(separator: ", ")) failed: \(error.localizedDescription). "
                    + "Is ledger-node running there? Start a dev node with 'swift run ledger-node'.")
        }
        if json {
            CLIOutput.write(json: report.json)
        } else {
            CLIOutput.write(report.text)
        }
    }
}

/// Issuances to revocations.
struct LoadMix: Sendable {
    let issue: Int
    let revoke: Int

    init(parsing text: String) throws {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 0, parts[1] >= 0, parts[0] + parts[1] > 0 else {
            throw ValidationError("--mix must look like ISSUE:REVOKE, e.g. 9:1")
        }
        issue = parts[0]
        revoke = parts[1]
    }

    /// Whether transaction `index` of the run is a revocation, spreading them evenly.
    func isRevocation(_ index: Int) -> Bool {
        let period = issue + revoke
        return index % period >= issue
    }
}

/// What to offer: a rate (nil: as fast as possible) for a duration or a count, in POSTs of `batch`.
struct LoadPlan: Sendable {
    let rate: Double?
    /// Seconds of load; nil when the run is a fixed `count`.
    let duration: Double?
    let count: Int?
    let mix: LoadMix
    let batch: Int
    let inFlight: Int

    /// Transactions to pre-sign: the count, the rate times the duration, or for --max a generous ceiling for this
    /// size of machine (cores × 15,000/s), so the run never waits on signing.
    var transactionCount: Int {
        if let count { return count }
        let perSecond = rate ?? Double(Parallelism.workerCount * 15_000)
        return Swift.max(batch, Int((perSecond * (duration ?? 10)).rounded(.up)))
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
