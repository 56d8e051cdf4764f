import Foundation
import LedgerCore
import LedgerTesting
import Testing

@Suite("The sample catalogue: the study's shares, one source for the file and the CLI, and bad files refused")
struct SampleCatalogueTests {
    static let file = CLI.repositoryRoot.appendingPathComponent("config/catalogue.example/catalogue.json")

    @Test("config/catalogue.example and the CLI's embedded copy are both scripts/make-sample-catalogue's output")
    func generated() throws {
        let result = try ProcessRunner.run(
            program: CLI.python, ["scripts/make-sample-catalogue", "--check"], currentDirectory: CLI.repositoryRoot)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }

    @Test("the shares follow the scoping study: 60% universities, 18% public colleges, 53% online, mostly short")
    func studyShares() throws {
        let value = try JSONParser.parse(Array(try Data(contentsOf: Self.file)))
        var types: [String: String] = [:]
        for issuer in value["issuers"]?.arrayValue ?? [] {
            types[issuer["issuerId"]?.stringValue ?? ""] = issuer["type"]?.stringValue
        }
        let entries = value["entries"]?.arrayValue ?? []
        func count(_ keep: (JSONValue) -> Bool) -> Int { entries.count(where: keep) }
        #expect(entries.count == 100)
        #expect(count { types[$0["issuerId"]?.stringValue ?? ""] == "university" } == 60)
        #expect(count { types[$0["issuerId"]?.stringValue ?? ""] == "publicCollege" } == 18)
        #expect(count { $0["format"]?.stringValue == "online" } == 53)
        for format in ["hybrid", "blended", "faceToFace"] { #expect(count { $0["format"]?.stringValue == format } > 0) }
        for kind in ["course", "workshop", "seminar", "pathway"] {
            #expect(count { $0["kind"]?.stringValue == kind } > 0)
        }
        let hours = entries.compactMap { $0["hours"]?.numberValue }
        #expect(hours.count == 100)
        #expect(hours.count { $0 < 45 } >= 85, "typical durations are under 45 hours")
        #expect(hours.count { $0 <= 5 } >= 10, "some are of 5 hours or less")
    }

    @Test(
        "a catalogue file that the chain would refuse is refused by devnet init, naming the field",
        arguments: [
            ("\"level\": 5,", "\"level\": 11,", "level"),
            ("\"kind\": \"course\"", "\"kind\": \"lecture\"", "kind"),
            ("\"format\": \"online\"", "\"format\": \"radio\"", "format"),
            (
                "\"issuerId\": \"cardi\",\n      \"title\"", "\"issuerId\": \"nobody\",\n      \"title\"",
                "names no issuer"
            ),
            ("\"language\": \"en\"", "\"language\": \"en_GB\"", "language"),
            ("\"learningOutcomes\"", "\"outcomes\"", "outcomes"),
            ("mcledger.catalogue.v1", "mcledger.catalogue.v9", "format"),
        ])
    func badFiles(_ original: String, _ replacement: String, _ mentions: String) throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let range = try #require(text.range(of: original), "the sample holds \(original)")
        let bad = directory.appendingPathComponent("bad.json")
        try Data(text.replacingCharacters(in: range, with: replacement).utf8).write(to: bad)
        let result = try CLI.run([
            "devnet", "init", "--nodes", "1", "--dir", directory.appendingPathComponent("net").path,
            "--with-catalogue", "--catalogue", bad.path,
        ])
        #expect(result.status == 2, "\(result.output)\(result.error)")
        #expect(result.error.contains(mentions), "\(result.error)")
    }

    @Test("a pathway must list its components before it, and --catalogue needs --with-catalogue")
    func orderAndFlags() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let value = try JSONParser.parse(Array(try Data(contentsOf: Self.file)))
        guard case .object(var members) = value, let index = members.firstIndex(where: { $0.key == "entries" }),
            var entries = members[index].value.arrayValue,
            let pathway = entries.lastIndex(where: { $0["kind"] == .string("pathway") })
        else {
            Issue.record("the sample has entries and a pathway")
            return
        }
        entries.insert(entries.remove(at: pathway), at: 0)
        members[index] = JSONMember("entries", .array(entries))
        let bad = directory.appendingPathComponent("order.json")
        try Data(JSONWriter.pretty(.object(members)).utf8).write(to: bad)
        let net = directory.appendingPathComponent("net").path
        let result = try CLI.run([
            "devnet", "init", "--nodes", "1", "--dir", net, "--with-catalogue", "--catalogue", bad.path,
        ])
        #expect(result.status == 2 && result.error.contains("is not listed before it"), "\(result.error)")
        let alone = try CLI.run(["devnet", "init", "--nodes", "1", "--dir", net + "2", "--catalogue", bad.path])
        #expect(alone.status == 2 && alone.error.contains("--catalogue goes with --with-catalogue"), "\(alone.error)")
    }
}
