import ArgumentParser
import Foundation

/// `ledger bench proofs`: proof bundles served per second by one node over HTTP.
struct BenchProofsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proofs",
        abstract: "Fetch proof bundles of random credentials from one node; report proofs/s and latency.",
        discussion: """
            Opens --connections keep-alive HTTP/1.1 connections (on one client thread) and, for --duration \
            seconds, asks each for GET /v1/credentials/PREFIX-N/proof with N drawn at random below \
            --credentials, sending the next request as soon as an answer ends. The credentials of a \
            `ledger bench load` run are named PREFIX-0, PREFIX-1, … where PREFIX is its credentialPrefix. \
            Any answer other than 200 is counted and shown. With --baseline it asks for GET /healthz \
            instead: the same client and HTTP server path without the proof work, the floor to compare with.
            """)

    @Option(name: .long, help: "The node's API URL.")
    var node = "http://127.0.0.1:7070"

    @Option(name: .long, help: "Credentials are PREFIX-0 … PREFIX-(N-1).")
    var credentialPrefix: String

    @Option(name: .long, help: "How many credentials to draw from (N).")
    var credentials: Int

    @Option(name: .long, help: "Keep-alive connections.")
    var connections = 16

    @Option(name: .long, help: "Seconds of load.")
    var duration: Double = 5

    @Flag(name: .long, help: "Request GET /healthz instead of proofs: the HTTP floor of this client and node.")
    var baseline = false

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard credentials >= 1 else { throw ValidationError("--credentials must be at least 1") }
        guard (1...1_024).contains(connections) else { throw ValidationError("--connections must be 1 to 1024") }
        guard duration > 0 && duration <= 3_600 else { throw ValidationError("--duration must be from 0 to 3600 s") }
        guard !credentialPrefix.isEmpty else { throw ValidationError("--credential-prefix must not be empty") }
    }

    func run() throws {
        guard let url = URL(string: node), url.scheme == "http", let host = url.host else {
            throw CLIFailure.usage("--node '\(node)' is not a URL like http://127.0.0.1:7070 (plain HTTP)")
        }
        let load = ProofLoad(
            host: host, port: url.port ?? 80, credentialPrefix: credentialPrefix, credentials: credentials,
            connections: connections, duration: duration, baseline: baseline)
        let report = try load.run()
        if json {
            CLIOutput.write(json: report.json)
        } else {
            CLIOutput.write(report.text)
        }
        guard report.ok > 0 else {
            throw CLIFailure.checkFailed("no proof was served: \(report.text)")
        }
    }
}
