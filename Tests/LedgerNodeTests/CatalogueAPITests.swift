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

@Suite("HTTP API: the catalogue and issuers")
struct CatalogueAPITests {
    static let entries = [
        RegisterDefinition(
            definitionID: "food-safety", title: "Food Safety and Hygiene", notionalMinutes: 450, level: 3,
            format: .online, activity: .course, creditTenths: 5, language: "en",
            learningOutcomes: ["Apply HACCP principles in a small kitchen"]),
        RegisterDefinition(
            definitionID: "gestion", title: "Gestión de Proyectos", notionalMinutes: 240, level: 4,
            format: .hybrid, activity: .workshop, language: "es"),
        RegisterDefinition(
            definitionID: "kitchen-cert", title: "Certificate in Kitchen Management", notionalMinutes: 690,
            level: 4, format: .blended, activity: .pathway, creditTenths: 10,
            components: ["food-safety", "gestion"], componentsRequired: 2),
    ]

    /// A node whose issuer registered the three entries.
    static func node() async throws -> NodeFixture {
        let node = try await NodeFixture()
        try await node.registerIssuer()
        let outcomes = await node.runtime.submit(try entries.map(node.factory.define))
        guard outcomes.allSatisfy({ if case .admitted = $0 { true } else { false } }) else {
            throw FixtureError("entries refused: \(outcomes)")
        }
        await node.runtime.tick()
        return node
    }

    @Test("search filters, pages and reads one entry and one issuer")
    func search() async throws {
        let node = try await Self.node()
        defer { node.remove() }
        try await NodeAPITests.application(node).test(.router) { client in
            func ids(_ uri: String) async throws -> [String] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                return NodeAPITests.json(response)["definitions"]?.arrayValue?.compactMap {
                    $0["definitionId"]?.stringValue
                } ?? []
            }
            #expect(try await ids("/v1/definitions") == ["food-safety", "gestion", "kitchen-cert"])
            #expect(try await ids("/v1/definitions?kind=pathway") == ["kitchen-cert"])
            #expect(try await ids("/v1/definitions?level=4&format=hybrid") == ["gestion"])
            #expect(try await ids("/v1/definitions?q=gestion") == ["gestion"])
            #expect(try await ids("/v1/definitions?q=haccp%20kitch") == ["food-safety"])
            #expect(try await ids("/v1/definitions?minHours=7.5&maxHours=11.5") == ["food-safety", "kitchen-cert"])
            #expect(try await ids("/v1/definitions?country=JM&issuer=test-institute&language=es") == ["gestion"])
            #expect(try await ids("/v1/definitions?country=TT").isEmpty)
            let first = NodeAPITests.json(try await client.execute(uri: "/v1/definitions?limit=2", method: .get))
            #expect(first["total"] == .number(3))
            let next = try #require(first["next"]?.stringValue)
            #expect(try await ids("/v1/definitions?limit=2&after=\(next)") == ["kitchen-cert"])
            let last = NodeAPITests.json(
                try await client.execute(uri: "/v1/definitions?limit=2&after=\(next)", method: .get))
            #expect(last["next"] == .null)

            let pathway = NodeAPITests.json(try await client.execute(uri: "/v1/definitions/kitchen-cert", method: .get))
            #expect(pathway["components"] == .array([.string("food-safety"), .string("gestion")]))
            #expect(pathway["componentsRequired"] == .number(2))
            #expect(pathway["notionalHours"] == .number(11.5))
            #expect(pathway["creditValue"] == .number(1))
            #expect(pathway["country"] == .string("JM"))
            let course = NodeAPITests.json(try await client.execute(uri: "/v1/definitions/food-safety", method: .get))
            #expect(course["components"] == nil)
            #expect(course["learningOutcomes"] == .array([.string("Apply HACCP principles in a small kitchen")]))
            let issuer = NodeAPITests.json(try await client.execute(uri: "/v1/issuers/test-institute", method: .get))
            #expect(issuer["definitions"] == .number(3))
            #expect(issuer["country"] == .string("JM"))
        }
    }

    @Test(
        "bad parameters and unknown ids get a clear JSON error",
        arguments: [
            ("/v1/definitions?level=11", 400, "level"), ("/v1/definitions?level=x", 400, "level"),
            ("/v1/definitions?kind=lecture", 400, "kind"), ("/v1/definitions?format=radio", 400, "format"),
            ("/v1/definitions?country=jm", 400, "country"), ("/v1/definitions?minHours=-1", 400, "minHours"),
            ("/v1/definitions?minHours=nan", 400, "minHours"),
            ("/v1/definitions?minHours=9&maxHours=2", 400, "maxHours"),
            ("/v1/definitions?q=%21%21", 400, "no letters"), ("/v1/definitions?limit=0", 400, "limit"),
            ("/v1/definitions?limit=201", 400, "limit"), ("/v1/definitions?after=-3", 400, "after"),
            ("/v1/definitions?levle=3", 400, "unknown parameter"), ("/v1/definitions?level=3&level=4", 400, "twice"),
            ("/v1/definitions?issuer=a%20b", 400, "issuer"), ("/v1/definitions?language=e_n", 400, "language"),
            ("/v1/definitions/nope", 404, "nope"), ("/v1/definitions/a%00b", 400, "definition id"),
            ("/v1/issuers/nope", 404, "nope"), ("/v1/issuers/%FF", 400, "issuer id"),
        ])
    func errors(_ uri: String, _ status: Int, _ mentions: String) async throws {
        let node = try await Self.node()
        defer { node.remove() }
        try await NodeAPITests.application(node).test(.router) { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status.code == status, "\(uri)")
            let reason = NodeAPITests.json(response)["reason"]?.stringValue ?? ""
            #expect(reason.contains(mentions), "\(uri): \(reason)")
        }
    }
}
