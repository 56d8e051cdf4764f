import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import Testing

@testable import LedgerNode

/// The API answers as HTTP says it should (issue 17): a known path asked with another method is 405 with `Allow`,
/// every error is JSON, and a failing store is reported without claiming corruption or naming a file.
@Suite("HTTP API: methods, error bodies and store failures")
struct HTTPConformanceTests {
    @Test("a known path with another method is 405 with Allow; an unknown path stays 404; both are JSON")
    func methodNotAllowed() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        try await NodeAPITests.application(node).test(.router) { client in
            let cases: [(String, HTTPRequest.Method, String)] = [
                ("/v1/head", .post, "GET"), ("/v1/transactions", .get, "POST"),
                ("/v1/credentials/c-1", .delete, "GET"), ("/v1/credentials/c-1/proof", .put, "GET"),
                ("/", .post, "GET"), ("/verify/app.mjs", .delete, "GET"),
            ]
            for (path, method, allow) in cases {
                let response = try await client.execute(uri: path, method: method)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                #expect(NodeAPITests.json(response)["error"] == .string("method_not_allowed"), "\(method) \(path)")
            }
            for path in ["/v1/nothing", "/v1/credentials/c-1/proof/extra", "/verify/a/b"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound && NodeAPITests.json(response)["error"] == .string("not_found"))
            }
        }
    }

    @Test("a store that fails under a read is a JSON 500 that names no file and claims no corruption")
    func storeFailureIsOpaque() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        try await node.registerIssuer()
        // More blocks than the store keeps in memory (BlockCache holds 16), so block 2 is read from the log.
        for index in 0..<20 {
            _ = await node.runtime.submit(try node.credentials(1, first: index))
            await node.runtime.tick()
        }
        #expect(node.store.tip.height == 21)
        // The block log vanishes from under the running node (a disk fault, an operator's mistake).
        let log = node.directory + "/blocks.log"
        #expect(truncate(log, 0) == 0)
        try await NodeAPITests.application(node).test(.router) { client in
            let response = try await client.execute(uri: "/v1/blocks/2?encoded=true", method: .get)
            let body = String(buffer: response.body)
            #expect(response.status == .internalServerError, "\(body)")
            #expect(NodeAPITests.json(response)["error"] == .string("internal_error"), "\(body)")
            #expect(!body.contains(node.directory) && !body.contains("blocks.log"), "names a file: \(body)")
            #expect(!body.lowercased().contains("corrupt"), "claims corruption: \(body)")
        }
    }

    @Test("every kind of store failure reads the same to a client: no path, no claim of corruption")
    func storeErrorsAreOpaque() {
        let digest = SHA256.hash([1])
        let failures: [StoreError] = [
            .io(path: "/srv/ledger/blocks.log", operation: "read", reason: "Input/output error"),
            .corrupt(path: "/srv/ledger/blocks.log", height: 7, reason: "bad record checksum"),
            .wrongChain(path: "/srv/ledger", expected: digest, found: digest), .locked(path: "/srv/ledger/LOCK"),
            .index("database disk image is malformed"),
            .unsupportedFormat(path: "/srv/ledger", version: 9, supported: 2),
        ]
        for failure in failures {
            let error = APIError.store(failure)
            #expect(error.status == .internalServerError && error.code == "internal_error")
            #expect(!error.reason.contains("/srv") && !error.reason.lowercased().contains("corrupt"), "\(error.reason)")
            #expect(error.logged == "\(failure)", "the log keeps the detail")
        }
        #expect(APIError.store(.notFound("block 9")).status == .notFound)
    }
}
