import ArgumentParser
import Foundation
import LedgerClient
import LedgerCore
import LedgerStore

/// Options of every command that talks to a node.
struct NodeOptions: ParsableArguments {
    @Option(name: .long, help: "The node's API URL.")
    var node = "http://127.0.0.1:7070"

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func client() throws -> NodeClient { try Self.client(for: node) }

    static func client(for node: String) throws -> NodeClient {
        guard let url = URL(string: node), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw CLIFailure.usage("--node '\(node)' is not a URL like http://127.0.0.1:7070")
        }
        return NodeClient(baseURL: url)
    }
}

/// Requests to a node, with failures turned into messages that say what to do.
struct NodeCall {
    let client: NodeClient

    init(_ options: NodeOptions) throws {
        client = try options.client()
    }

    init(node: String) throws {
        client = try NodeOptions.client(for: node)
    }

    func get(_ path: String) throws -> NodeClient.Reply {
        try perform { try await client.get(path) }
    }

    func submit(_ transaction: SignedTransaction) throws -> NodeClient.Reply {
        try perform { try await client.submit([transaction]) }
    }

    /// At most 1,000 transactions (the API's limit for one request).
    func submitBatch(_ transactions: [SignedTransaction]) throws -> NodeClient.Reply {
        try perform { try await client.submit(transactions) }
    }

    private func perform(_ request: @escaping @Sendable () async throws -> NodeClient.Reply) throws -> NodeClient.Reply
    {
        do {
            return try BlockingTask.run(request)
        } catch {
            if let host = client.baseURL.host, let port = client.baseURL.port,
                PeerPortProbe.speaksPeerProtocol(host: host, port: port)
            {
                throw CLIFailure.checkFailed(
                    "\(client.baseURL) is a node's P2P port (p2p.listen), not its HTTP API. Give --node the API "
                        + "address (api.listen in the node's config; the dev node's is http://127.0.0.1:7070).",
                    code: "not_an_api")
            }
            throw CLIFailure.checkFailed(
                "cannot reach the node at \(client.baseURL): \(error.localizedDescription). "
                    + "Is ledger-node running there? Start a dev node with 'scripts/dev-node'.",
                code: "unreachable")
        }
    }

    /// The JSON body of a 2xx reply; otherwise the node's `{error, reason}` as a failed check.
    func json(_ reply: NodeClient.Reply, what: String) throws -> JSONValue {
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply, what: what) }
        return reply.json
    }

    static func failure(_ reply: NodeClient.Reply, what: String) -> CLIFailure {
        let code = reply.json["error"]?.stringValue ?? "HTTP \(reply.status)"
        let reason = reply.json["reason"]?.stringValue ?? String(decoding: reply.body.prefix(200), as: UTF8.self)
        return .checkFailed(
            "\(what) failed: \(code): \(reason)", code: reply.json["error"]?.stringValue ?? "http_error")
    }

    /// Submits, then with `wait` polls until the transaction is final; returns its status JSON.
    func submitAndReport(_ transaction: SignedTransaction, wait: Bool, what: String) throws -> JSONValue {
        let reply = try submit(transaction)
        _ = try json(reply, what: what)
        guard wait else {
            return .object([JSONMember("id", .string(transaction.id.hex)), JSONMember("status", .string("pending"))])
        }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let status = try get("/v1/transactions/\(transaction.id.hex)")
            if status.status == 200 {
                switch status.json["status"]?.stringValue {
                case "final": return status.json
                case "rejected": throw Self.failure(status, what: what)
                default: break
                }
            }
            usleep(50_000)
        }
        throw CLIFailure.checkFailed(
            "\(what): transaction \(transaction.id.hex) was not final within 120 s; check it later with "
                + "'ledger status --transaction \(transaction.id.hex)'")
    }
}

/// Reads a private key named on the command line; a bad path or file is a usage error.
func readPrivateKey(_ path: String, option: String) throws -> P256PrivateKey {
    do {
        return try KeyFile.readPrivateKey(path: path)
    } catch {
        throw CLIFailure.usage("\(option) \(path): \(error). Give a .key.pem written by 'ledger keygen'.")
    }
}

/// Human text for a final or pending transaction.
func describeSubmission(_ status: JSONValue, subject: String) -> String {
    let id = status["id"]?.stringValue ?? "?"
    guard status["status"] == .string("final"), let height = status["height"]?.unsignedIntegerValue else {
        return "\(subject): submitted, pending (transaction \(id)). Add --wait to wait until it is final."
    }
    return "\(subject): final at height \(height) (transaction \(id))"
}

extension NodeCall {
    /// Signs `payload` for the node's chain, submits it (with `wait`, until final) and prints the outcome: the
    /// status JSON with `--json`, else a sentence about `subject`.
    func submitAndPrint(
        by signer: P256PrivateKey, json: Bool, wait: Bool, what: String, subject: String,
        payload: () throws -> TransactionPayload
    ) throws {
        try submitAndPrint(by: signer, json: json, wait: wait, what: what, subject: subject) { _ in try payload() }
    }

    /// The same for a payload that signs the chain's id itself (a proof of possession).
    func submitAndPrint(
        by signer: P256PrivateKey, json: Bool, wait: Bool, what: String, subject: String,
        payload: (SHA256Digest) throws -> TransactionPayload
    ) throws {
        let chain = try chainID(self)
        let transaction = try signedTransaction(by: signer, chainID: chain) { try payload(chain) }
        let status = try submitAndReport(transaction, wait: wait, what: what)
        if json {
            CLIOutput.write(json: status)
        } else {
            CLIOutput.write(describeSubmission(status, subject: subject))
        }
    }
}
