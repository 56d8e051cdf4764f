import Foundation
import LedgerCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client of a node's HTTP API (docs/openapi.yaml), for tests and load generation.
public struct NodeClient: Sendable {
    public struct Reply: Sendable {
        public let status: Int
        public let body: [UInt8]
        /// The body parsed as JSON, or `.null` when it is not JSON.
        public var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public let baseURL: URL
    private let session: URLSession

    public init(baseURL: URL) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 15
        session = URLSession(configuration: configuration)
    }

    public func get(_ path: String) async throws -> Reply {
        try await send(URLRequest(url: URL(string: path, relativeTo: baseURL)!))
    }

    public func post(_ path: String, body: [UInt8]) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return try await send(request)
    }

    private func send(_ request: URLRequest) async throws -> Reply {
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(description: "not an HTTP response") }
        return Reply(status: http.statusCode, body: Array(data))
    }

    /// Submits transactions in one POST; returns the per-transaction results (or the single one).
    @discardableResult
    public func submit(_ transactions: [SignedTransaction]) async throws -> Reply {
        try await post("/v1/transactions", body: Self.submissionBody(transactions))
    }

    /// The POST /v1/transactions body: `{"transaction": …}` for one, `{"transactions": […]}` for more.
    public static func submissionBody(_ transactions: [SignedTransaction]) -> [UInt8] {
        let encoded = transactions.map { JSONValue.string(Base64.encode($0.encoded)) }
        let body: JSONValue =
            transactions.count == 1
            ? .object([JSONMember("transaction", encoded[0])]) : .object([JSONMember("transactions", .array(encoded))])
        return Array(JSONWriter.pretty(body).utf8)
    }

    /// GET /v1/head, parsed.
    public func head() async throws -> JSONValue {
        let reply = try await get("/v1/head")
        guard reply.status == 200 else { throw Failure(description: "GET /v1/head: HTTP \(reply.status)") }
        return reply.json
    }

    /// Height and header hash of the node's tip.
    public func tip() async throws -> (height: UInt64, hash: String, ledgerSize: UInt64) {
        let head = try await head()
        guard let height = head["height"]?.unsignedIntegerValue, let hash = head["headerHash"]?.stringValue,
            let size = head["ledgerSize"]?.unsignedIntegerValue
        else { throw Failure(description: "GET /v1/head: unexpected body") }
        return (height, hash, size)
    }
}
