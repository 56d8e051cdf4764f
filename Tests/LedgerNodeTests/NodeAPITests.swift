import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerClient
import LedgerCore
import LedgerTesting
import NIOCore
import Testing

@testable import LedgerNode
@testable import LedgerRuntime

@Suite("HTTP API (docs/openapi.yaml)")
struct NodeAPITests {
    static func application(_ node: NodeFixture, bodyBytesMax: Int = 1 << 20) -> some ApplicationProtocol {
        Application(router: NodeAPI(runtime: node.runtime, metrics: node.metrics, bodyBytesMax: bodyBytesMax).router())
    }

    /// The response body as JSON; `.null` when it is not JSON (which every check then fails on).
    static func json(_ response: TestResponse) -> JSONValue {
        (try? JSONParser.parse(Array(buffer: response.body))) ?? .null
    }

    static func submission(_ transactions: [SignedTransaction]) -> ByteBuffer {
        ByteBuffer(bytes: NodeClient.submissionBody(transactions))
    }

    @Test("submit, then read the transaction, credential, proof, block, head and consistency proof")
    func happyPath() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        try await node.registerIssuer()
        let credentials = try node.credentials(3)
        try await Self.application(node).test(.router) { client in
            try await client.execute(uri: "/v1/transactions", method: .post, body: Self.submission([credentials[0]])) {
                #expect($0.status == .accepted)
                #expect(Self.json($0)["status"] == .string("pending"))
            }
            try await client.execute(
                uri: "/v1/transactions", method: .post, body: Self.submission(Array(credentials[1...]))
            ) {
                #expect($0.status == .ok)
                #expect(Self.json($0)["results"]?.arrayValue?.count == 2)
            }
            try await client.execute(uri: "/v1/transactions/\(credentials[0].id.hex)", method: .get) {
                #expect(Self.json($0)["status"] == .string("pending"))
            }
            await node.runtime.tick()
            try await client.execute(uri: "/v1/transactions/\(credentials[0].id.hex)", method: .get) {
                let value = Self.json($0)
                #expect(value["status"] == .string("final") && value["height"] == .number(2))
            }
            try await client.execute(uri: "/v1/credentials/credential-1", method: .get) {
                let value = Self.json($0)
                #expect(value["issuerId"] == .string("test-institute") && value["revoked"] == .bool(false))
            }
            // The id as a certificate prints it names the same credential; an id with a NUL names none.
            for printed in [
                "urn:uuid:credential-1", "urn%3Auuid%3Acredential-1", "https%3A%2F%2Fx.example%2Fcredential-1",
            ] {
                try await client.execute(uri: "/v1/credentials/\(printed)", method: .get) {
                    #expect($0.status == .ok && Self.json($0)["credentialId"] == .string("credential-1"), "\(printed)")
                }
                try await client.execute(uri: "/v1/credentials/\(printed)/proof", method: .get) {
                    #expect($0.status == .ok, "\(printed)")
                }
            }
            for invalid in ["c001%00", "a%20b", "%FF"] {
                try await client.execute(uri: "/v1/credentials/\(invalid)", method: .get) {
                    #expect($0.status == .badRequest && Self.json($0)["error"] == .string("invalid_id"), "\(invalid)")
                }
            }
            try await client.execute(uri: "/v1/credentials/credential-2/proof", method: .get) {
                #expect($0.status == .ok)
                guard case .success = ProofVerifier.verify(bundleJSON: Array(buffer: $0.body), genesis: node.genesis)
                else {
                    Issue.record("served proof does not verify")
                    return
                }
            }
            try await client.execute(uri: "/v1/blocks/2", method: .get) {
                let value = Self.json($0)
                #expect(value["transactions"]?.arrayValue?.count == 3 && value["signers"]?.arrayValue?.count == 1)
                let encoded = Base64.decode(value["encoded"]?.stringValue ?? "") ?? []
                #expect((try? Block.decode(encoded)) == (try? node.store.block(height: 2)))
            }
            try await client.execute(uri: "/v1/issuers", method: .get) {
                let issuers = Self.json($0)["issuers"]?.arrayValue ?? []
                #expect(issuers.count == 1 && issuers.first?["issuerId"] == .string("test-institute"))
                #expect(issuers.first?["registeredBy"] == .string("validator-0"))
            }
            try await client.execute(uri: "/v1/head", method: .get) {
                let value = Self.json($0)
                #expect(value["height"] == .number(2) && value["chainId"] == .string(node.genesis.chainID.hex))
            }
            try await client.execute(uri: "/v1/consistency?from=1&to=2", method: .get) {
                let value = Self.json($0)
                #expect(value["fromSize"] == .number(1) && value["toSize"] == .number(4))
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) {
                #expect(String(buffer: $0.body).contains("ledger_height 2.0"))
            }
        }
    }

    @Test("bad input gets a JSON error with a fitting status, and the node keeps serving")
    func badInput() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        let unknown = SHA256.hash(Array("nothing".utf8)).hex
        let garbage = Base64.encode([1, 2, 3])
        let cases: [(String, HTTPRequest.Method, String?, HTTPResponse.Status, String)] = [
            ("/v1/transactions", .post, "{not json", .badRequest, "malformed_json"),
            ("/v1/transactions", .post, "[]", .badRequest, "invalid_request"),
            ("/v1/transactions", .post, "{\"transaction\": 5}", .badRequest, "invalid_request"),
            ("/v1/transactions", .post, "{\"transaction\": \"@@@\"}", .badRequest, "invalid_request"),
            ("/v1/transactions", .post, "{\"transaction\": \"\(garbage)\"}", .badRequest, "malformed_transaction"),
            ("/v1/transactions", .post, "{\"transactions\": []}", .badRequest, "invalid_request"),
            ("/v1/transactions", .post, "{\"transaction\": \"\", \"extra\": 1}", .badRequest, "invalid_request"),
            ("/v1/transactions", .post, String(repeating: " ", count: 5_000), .contentTooLarge, "body_too_large"),
            ("/v1/transactions/xyz", .get, nil, .badRequest, "invalid_id"),
            ("/v1/transactions/\(unknown)", .get, nil, .notFound, "not_found"),
            ("/v1/credentials/nope", .get, nil, .notFound, "not_found"),
            ("/v1/credentials/nope/proof", .get, nil, .notFound, "not_found"),
            ("/v1/blocks/0", .get, nil, .badRequest, "invalid_height"),
            ("/v1/blocks/abc", .get, nil, .badRequest, "invalid_height"),
            ("/v1/blocks/99", .get, nil, .notFound, "not_found"),
            ("/v1/consistency", .get, nil, .badRequest, "invalid_request"),
            ("/v1/consistency?from=3&to=2", .get, nil, .badRequest, "invalid_request"),
            ("/v1/consistency?from=1&to=9", .get, nil, .notFound, "not_found"),
            ("/v2/anything", .get, nil, .notFound, "not_found"),
        ]
        try await Self.application(node, bodyBytesMax: 4_096).test(.router) { client in
            for (uri, method, body, status, code) in cases {
                try await client.execute(uri: uri, method: method, body: body.map { ByteBuffer(string: $0) }) {
                    #expect($0.status == status, "\(method) \(uri)")
                    let value = Self.json($0)
                    #expect(value["error"] == .string(code), "\(method) \(uri): \(value)")
                    #expect(value["reason"]?.stringValue?.isEmpty == false)
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("rule failures are 409 or 422 with the rejection code; a full mempool is 503")
    func ruleStatuses() async throws {
        var settings = NodeFixture.immediateBatching
        settings.mempoolTransactionsMax = 1
        let node = try await NodeFixture(settings: settings)
        defer { node.remove() }
        let credential = try node.credentials(1)[0]
        try await Self.application(node).test(.router) { client in
            try await client.execute(uri: "/v1/transactions", method: .post, body: Self.submission([credential])) {
                #expect($0.status == .unprocessableContent)
                #expect(Self.json($0)["error"] == .string("unknown_author"))
            }
            try await client.execute(
                uri: "/v1/transactions", method: .post, body: Self.submission([try node.factory.registerIssuer()])
            ) { #expect($0.status == .accepted) }
            try await client.execute(uri: "/v1/transactions", method: .post, body: Self.submission([credential])) {
                #expect($0.status == .serviceUnavailable)
                #expect(Self.json($0)["error"] == .string("mempool_full"))
            }
            await node.runtime.tick()
            try await client.execute(
                uri: "/v1/transactions", method: .post, body: Self.submission([try node.factory.registerIssuer()])
            ) {
                #expect($0.status == .conflict)
                #expect(Self.json($0)["error"] == .string("duplicate_transaction"))
            }
        }
    }
}
