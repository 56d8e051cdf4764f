import LedgerCore
import Testing

@Suite("Catalogue entries: fields, encoding and the rules for pathways")
struct CatalogueRulesTests {
    typealias Fixture = TransactionRulesTests.Fixture

    static let full = RegisterDefinition(
        definitionID: "uwi-gdpr-101", title: "Data Protection for Registrars", notionalMinutes: 450, level: 5,
        format: .hybrid, activity: .workshop, creditTenths: 5, language: "en-JM",
        learningOutcomes: ["Apply the Data Protection Act to student records", "Answer a subject access request"])

    private func encodeDecode(_ definition: RegisterDefinition) throws -> RegisterDefinition? {
        let chain = SHA256.hash([1])
        let body = try TransactionBody(
            chainID: chain, authorKeyID: SHA256.hash([2]), payload: .registerDefinition(definition))
        guard case .registerDefinition(let decoded) = try TransactionBody.decode(body.encoded).payload else {
            return nil
        }
        return decoded
    }

    @Test("every field survives encoding, and the bytes follow FORMATS.md's order")
    func roundTrip() throws {
        #expect(try encodeDecode(Self.full) == Self.full)
        let pathway = RegisterDefinition(
            definitionID: "p", title: "P", notionalMinutes: 60, level: 4, format: .online, activity: .pathway,
            components: ["a", "b", "c"], componentsRequired: 2)
        #expect(try encodeDecode(pathway) == pathway)
        let body = try TransactionBody(
            chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]), payload: .registerDefinition(pathway))
        // After the tag, chain id, kind and author: id, title, minutes, level, format, activity, credits, language, 0 outcomes, 3 components, required.
        let expected: [UInt8] =
            [0, 1, 0x70, 0, 1, 0x50, 0, 0, 0, 60, 4, 1, 4, 0, 0, 0, 2, 0x65, 0x6E, 0, 3]
            + [0, 1, 0x61, 0, 1, 0x62, 0, 1, 0x63, 2]
        #expect(Array(body.encoded.dropFirst(14 + 32 + 1 + 32)) == expected)
    }

    @Test("bad fields are refused on construction", arguments: CatalogueRulesTests.badDefinitions())
    func badFields(_ bad: RegisterDefinition) {
        #expect(throws: FormatError.self) {
            try TransactionBody(
                chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]), payload: .registerDefinition(bad))
        }
    }

    static func badDefinitions() -> [RegisterDefinition] {
        var cases: [RegisterDefinition] = []
        func with(_ change: (inout RegisterDefinition) -> Void) {
            var definition = full
            change(&definition)
            cases.append(definition)
        }
        with { $0.language = "" }
        with { $0.language = "e" }
        with { $0.language = "en_JM" }
        with { $0.language = "en--JM" }
        with { $0.language = "12" }
        with { $0.language = "en-" + String(repeating: "a", count: 9) }
        with { $0.language = "en-" + Array(repeating: "abcdefgh", count: 4).joined(separator: "-") }
        with { $0.learningOutcomes = Array(repeating: "x", count: Limits.learningOutcomesMax + 1) }
        with { $0.learningOutcomes = [""] }
        with { $0.learningOutcomes = ["tab\tinside"] }
        with { $0.learningOutcomes = [String(repeating: "é", count: 101)] }
        with { $0.components = ["a"] }
        with { $0.componentsRequired = 1 }
        with { $0.activity = .pathway }
        with {
            $0.activity = .pathway
            $0.components = ["a", "b"]
            $0.componentsRequired = 0
        }
        with {
            $0.activity = .pathway
            $0.components = ["a", "b"]
            $0.componentsRequired = 3
        }
        with {
            $0.activity = .pathway
            $0.components = ["a", "a"]
            $0.componentsRequired = 1
        }
        with {
            $0.activity = .pathway
            $0.components = [$0.definitionID]
            $0.componentsRequired = 1
        }
        with {
            $0.activity = .pathway
            $0.components = ["a b"]
            $0.componentsRequired = 1
        }
        with {
            $0.activity = .pathway
            $0.components = (0...Limits.pathwayComponentsMax).map { "c\($0)" }
            $0.componentsRequired = 1
        }
        return cases
    }

    @Test("decoding refuses an unknown kind, a count above its limit, truncation and trailing bytes")
    func strictDecoding() throws {
        let body = try TransactionBody(
            chainID: SHA256.hash([1]), authorKeyID: SHA256.hash([2]), payload: .registerDefinition(Self.full))
        let bytes = body.encoded
        // The activity byte follows id, title, minutes, level and format.
        let header = 14 + 32 + 1 + 32
        let activity = header + 2 + Self.full.definitionID.utf8.count + 2 + Self.full.title.utf8.count + 4 + 1 + 1
        #expect(bytes[activity] == ActivityKind.workshop.rawValue)
        var unknownKind = bytes
        unknownKind[activity] = 5
        #expect(throws: FormatError.unknownTag(field: "activity", value: 5)) { try TransactionBody.decode(unknownKind) }
        let outcomesCount = activity + 1 + 2 + 2 + Self.full.language.utf8.count
        #expect(bytes[outcomesCount] == 2)
        var tooMany = bytes
        tooMany[outcomesCount] = UInt8(Limits.learningOutcomesMax + 1)
        #expect(throws: FormatError.self) { try TransactionBody.decode(tooMany) }
        #expect(throws: FormatError.self) { try TransactionBody.decode(Array(bytes.dropLast())) }
        #expect(throws: FormatError.trailingBytes(count: 1)) { try TransactionBody.decode(bytes + [0]) }
        var courseWithComponents = bytes
        courseWithComponents[bytes.count - 1] = 1
        #expect(throws: FormatError.self) { try TransactionBody.decode(courseWithComponents) }
    }

    @Test("a pathway's components must be in the catalogue and must not be pathways")
    func pathwayComponents() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        try chain.appendBlock([
            try chain.define("def-2", by: fixture.otherIssuerKey), try chain.define("def-3", by: fixture.issuerKey),
        ])
        let pathway = try chain.definePathway(
            "path-1", components: ["def-1", "def-2", "def-3"], required: 2, by: fixture.issuerKey)
        #expect(fixture.accepts(pathway), "components may come from any issuer")
        let unknown = try chain.definePathway(
            "path-2", components: ["def-1", "nope"], required: 2, by: fixture.issuerKey)
        #expect(fixture.rejection(unknown) == .unknownDefinition("nope"))
        try chain.appendBlock([pathway])
        let nested = try chain.definePathway(
            "path-3", components: ["path-1", "def-1"], required: 1, by: fixture.issuerKey)
        #expect(fixture.rejection(nested) == .componentIsPathway("path-1"))
        guard
            case .success(.definitionRegistered(let record)) = fixture.evaluate(
                try chain.definePathway("path-4", components: ["def-3"], required: 1, by: fixture.otherIssuerKey))
        else {
            Issue.record("a one-component pathway is a valid entry")
            return
        }
        #expect(record.issuerID == "utech")
        #expect(chain.registry.definition(id: "path-1")?.definition.isCompleted(byHolding: ["def-1", "def-3"]) == true)
        #expect(chain.registry.definition(id: "path-1")?.definition.isCompleted(byHolding: ["def-1"]) == false)
    }

    @Test("only an issuer adds entries, under a new id")
    func entryAuthor() throws {
        let fixture = try Fixture()
        #expect(
            fixture.rejection(try fixture.chain.define("def-9", by: fixture.chain.validatorKeys[0])) == .authorNotIssuer
        )
        #expect(
            fixture.rejection(try fixture.chain.define("def-1", by: fixture.otherIssuerKey))
                == .definitionAlreadyRegistered("def-1"))
    }

    @Test("each entry is a status-map record naming its registration, as the map built from scratch agrees")
    func statusRecord() throws {
        let fixture = try Fixture()
        let chain = fixture.chain
        let registration = try chain.define(Self.full, by: fixture.issuerKey)
        try chain.appendBlock([registration])
        guard case .definition(let status)? = try chain.statusMap.record(.definition, id: Self.full.definitionID) else {
            Issue.record("no definition record")
            return
        }
        #expect(status.registrationID == registration.id)
        #expect(status.state == .active)
        #expect(status.changedAtHeight == chain.tip.height)
        #expect(StatusRecord.definition(status).encoded.count == StatusRecord.encodedBytesMax)
        #expect(try StatusRecord.decode(StatusRecord.definition(status).encoded) == .definition(status))
        #expect(chain.registry.statusRootFromScratch == chain.statusMap.root)
        var badState = StatusRecord.definition(status).encoded
        badState[2] = 3
        #expect(throws: FormatError.unknownTag(field: "status.state", value: 3)) { try StatusRecord.decode(badState) }
    }
}
