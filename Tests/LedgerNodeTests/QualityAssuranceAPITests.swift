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

@Suite("HTTP API: QA bodies and accreditations")
struct QualityAssuranceAPITests {
    static let qaKey = try! P256PrivateKey.generate()

    static func sign(_ payload: TransactionPayload, by key: P256PrivateKey, node: NodeFixture) throws
        -> SignedTransaction
    {
        try SignedTransaction.sign(
            TransactionBody(chainID: node.genesis.chainID, authorKeyID: key.publicKey.keyID, payload: payload),
            with: key)
    }

    /// The catalogue node, with UCJ registered and two accreditations of the test institute, one withdrawn.
    static func node() async throws -> NodeFixture {
        let node = try await CatalogueAPITests.node()
        let now = systemWallClock()
        let register = try sign(
            .registerQABody(
                RegisterQABody(
                    qaBodyID: "ucj", displayName: "University Council of Jamaica", country: "JM",
                    publicKey: qaKey.publicKey.spkiDER)),
            by: node.validatorKey, node: node)
        let courses = try sign(
            .recordAccreditation(
                RecordAccreditation(
                    accreditationID: "ucj-courses", issuerID: "test-institute", scope: .issuer(kinds: [.course]),
                    validFromMilliseconds: now - 1_000, validUntilMilliseconds: now + 86_400_000)),
            by: qaKey, node: node)
        let entries = try sign(
            .recordAccreditation(
                RecordAccreditation(
                    accreditationID: "ucj-gestion", issuerID: "test-institute", scope: .entries(["gestion"]),
                    validFromMilliseconds: now - 1_000, validUntilMilliseconds: now + 86_400_000)),
            by: qaKey, node: node)
        let withdraw = try sign(
            .withdrawAccreditation(WithdrawAccreditation(accreditationID: "ucj-gestion", decidedAtMilliseconds: now)),
            by: qaKey, node: node)
        for batch in [[register], [courses, entries], [withdraw]] {
            let outcomes = await node.runtime.submit(batch)
            guard outcomes.allSatisfy({ if case .admitted = $0 { true } else { false } }) else {
                throw FixtureError("refused: \(outcomes)")
            }
            await node.runtime.tick()
        }
        return node
    }

    @Test("QA bodies list and read; accreditations read with their scope, state and withdrawal; issuers list theirs")
    func reads() async throws {
        let node = try await Self.node()
        defer { node.remove() }
        try await NodeAPITests.application(node).test(.router) { client in
            let list = NodeAPITests.json(try await client.execute(uri: "/v1/qa-bodies", method: .get))
            #expect(list["qaBodies"]?.arrayValue?.count == 1)
            let body = NodeAPITests.json(try await client.execute(uri: "/v1/qa-bodies/ucj", method: .get))
            #expect(body["displayName"] == .string("University Council of Jamaica"))
            #expect(body["registeredBy"] == .string("validator-0"))
            let courses = NodeAPITests.json(
                try await client.execute(uri: "/v1/accreditations/ucj-courses", method: .get))
            #expect(courses["scope"]?["kinds"] == .array([.string("course")]))
            #expect(courses["state"] == .string("active") && courses["inForce"] == .bool(true))
            let gestion = NodeAPITests.json(
                try await client.execute(uri: "/v1/accreditations/ucj-gestion", method: .get))
            #expect(gestion["scope"]?["entries"] == .array([.string("gestion")]))
            #expect(gestion["state"] == .string("withdrawn") && gestion["inForce"] == .bool(false))
            #expect(gestion["withdrawal"]?["height"] != nil)
            let issuer = NodeAPITests.json(try await client.execute(uri: "/v1/issuers/test-institute", method: .get))
            #expect(
                issuer["accreditations"]?.arrayValue?.compactMap { $0["accreditationId"]?.stringValue }
                    == ["ucj-courses", "ucj-gestion"])
            for (uri, status) in [
                ("/v1/qa-bodies/nope", 404), ("/v1/accreditations/nope", 404), ("/v1/qa-bodies/a%20b", 400),
                ("/v1/accreditations/%00", 400),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status.code == status, "\(uri)")
                #expect(NodeAPITests.json(response)["error"]?.stringValue != nil)
            }
        }
    }
}
