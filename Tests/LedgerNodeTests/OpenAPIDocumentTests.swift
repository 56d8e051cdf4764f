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

/// docs/openapi.yaml must be valid OpenAPI 3 and true: every documented path is served, every served path is
/// documented, and real responses validate against the documented schemas (openapi-spec-validator and
/// openapi-schema-validator from PyPI, through scripts/check-openapi).
@Suite("docs/openapi.yaml is valid and true")
struct OpenAPIDocumentTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let served = [
        "/v1/transactions", "/v1/transactions/{id}", "/v1/credentials/{id}", "/v1/credentials/{id}/proof",
        "/v1/credentials/{id}/status", "/v1/blocks/{height}", "/v1/issuers", "/v1/head", "/v1/checkpoint",
        "/v1/consistency", "/v1/validators", "/v1/proposals", "/v1/handoffs", "/v1/issuers/{id}",
        "/v1/definitions", "/v1/definitions/{id}", "/v1/qa-bodies", "/v1/qa-bodies/{id}", "/v1/accreditations/{id}",
        "/healthz", "/metrics", "/", "/verify", "/verify/{asset}", "/verify/genesis.json", "/verify/integrity.json",
    ]

    @Test("the document lists exactly the served paths")
    func paths() throws {
        let text = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let documented = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  /"), line.hasSuffix(":") else { return nil }
            return String(line.dropFirst(2).dropLast())
        }
        #expect(Set(documented) == Set(Self.served))
    }

    @Test("the document validates, and real responses match its schemas")
    func responsesMatchSchemas() async throws {
        let node = try await NodeFixture()
        defer { node.remove() }
        try await node.registerIssuer()
        let credentials = try node.credentials(3)
        let samples = try ProcessRunner.temporaryDirectory(prefix: "mcledger-openapi")
        defer { try? FileManager.default.removeItem(at: samples) }
        let saved = SampleCollector(directory: samples)
        let application = Application(
            router: NodeAPI(runtime: node.runtime, metrics: node.metrics, bodyBytesMax: 1 << 20).router())
        try await application.test(.router) { client in
            try saved.save(
                "Pending",
                await client.execute(
                    uri: "/v1/transactions", method: .post, body: NodeAPITests.submission([credentials[0]])))
            try saved.save(
                "BatchResults",
                await client.execute(
                    uri: "/v1/transactions", method: .post,
                    body: NodeAPITests.submission([credentials[1], credentials[2], credentials[0]])))
            try saved.save(
                "TransactionStatus",
                await client.execute(uri: "/v1/transactions/\(credentials[0].id.hex)", method: .get))
            await node.runtime.tick()
            _ = await node.runtime.submit([try node.factory.revoke(credentialID: "credential-1")])
            await node.runtime.tick()
            try saved.save(
                "TransactionStatus",
                await client.execute(uri: "/v1/transactions/\(credentials[0].id.hex)", method: .get))
            for uri in ["/v1/credentials/credential-0", "/v1/credentials/credential-1"] {
                try saved.save("Credential", await client.execute(uri: uri, method: .get))
            }
            try saved.save(
                "StatusProof", await client.execute(uri: "/v1/credentials/credential-1/status", method: .get))
            try saved.save("Block", await client.execute(uri: "/v1/blocks/2", method: .get))
            try saved.save("Head", await client.execute(uri: "/v1/head", method: .get))
            try saved.save("Issuers", await client.execute(uri: "/v1/issuers", method: .get))
            _ = await node.runtime.submit(try CatalogueAPITests.entries.map(node.factory.define))
            await node.runtime.tick()
            try saved.save("Issuer", await client.execute(uri: "/v1/issuers/test-institute", method: .get))
            for uri in ["/v1/definitions", "/v1/definitions?q=food&limit=1", "/v1/definitions?limit=2&after=1"] {
                try saved.save("Definitions", await client.execute(uri: uri, method: .get))
            }
            for id in ["food-safety", "kitchen-cert"] {
                try saved.save("Definition", await client.execute(uri: "/v1/definitions/\(id)", method: .get))
            }
            try saved.save("Error", await client.execute(uri: "/v1/definitions?level=0", method: .get))
            let qa = try await QualityAssuranceAPITests.node()
            defer { qa.remove() }
            try await NodeAPITests.application(qa).test(.router) { qaClient in
                try saved.save("QABodies", await qaClient.execute(uri: "/v1/qa-bodies", method: .get))
                try saved.save("QABody", await qaClient.execute(uri: "/v1/qa-bodies/ucj", method: .get))
                for id in ["ucj-courses", "ucj-gestion"] {
                    try saved.save(
                        "Accreditation", await qaClient.execute(uri: "/v1/accreditations/\(id)", method: .get))
                }
                try saved.save("Issuer", await qaClient.execute(uri: "/v1/issuers/test-institute", method: .get))
            }
            try saved.save("Validators", await client.execute(uri: "/v1/validators", method: .get))
            try saved.save("Validators", await client.execute(uri: "/v1/validators?height=1", method: .get))
            try saved.save("Proposals", await client.execute(uri: "/v1/proposals", method: .get))
            try saved.save("Consistency", await client.execute(uri: "/v1/consistency?from=1&to=3", method: .get))
            try saved.save("Error", await client.execute(uri: "/v1/blocks/99", method: .get))
            try saved.save(
                "Error", await client.execute(uri: "/v1/transactions", method: .post, body: ByteBuffer(string: "{")))
            let stranger = try TransactionFactory(
                chainID: node.genesis.chainID, authorityKey: node.validatorKey, issuerKey: P256PrivateKey.generate(),
                issuerID: "x"
            ).credentials(prefix: "x", count: 1, issuedAtMilliseconds: 1)
            try saved.save(
                "AdmissionError",
                await client.execute(uri: "/v1/transactions", method: .post, body: NodeAPITests.submission(stranger)))
        }
        let result = try ProcessRunner.run(
            program: Python.interpreter(repositoryRoot: Self.repositoryRoot),
            ["scripts/check-openapi", "docs/openapi.yaml", samples.path], currentDirectory: Self.repositoryRoot)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("\(saved.count) of \(saved.count) sample responses match"))
    }
}

/// Writes sample responses as SCHEMA-N.json for scripts/check-openapi.
final class SampleCollector: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var written = 0

    init(directory: URL) {
        self.directory = directory
    }

    var count: Int { lock.withLock { written } }

    func save(_ schema: String, _ response: TestResponse) throws {
        let number = lock.withLock {
            written += 1
            return written
        }
        try Data(buffer: response.body).write(to: directory.appendingPathComponent("\(schema)-\(number).json"))
    }
}
