import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// The registry through the built binaries: a 4-validator devnet started by `ledger devnet up` with the sample
/// catalogue, searched and extended with `ledger definition`, as a member state's staff would.
@Suite("The registry on a real devnet with the sample catalogue", .serialized)
struct RegistryProcessTests {
    /// The sample file's entries with their issuer's country, read independently of the CLI's parser.
    struct SampleEntry {
        let id: String
        let country: String
        let json: JSONValue
    }

    static func sample() throws -> [SampleEntry] {
        let url = CLI.repositoryRoot.appendingPathComponent("config/catalogue.example/catalogue.json")
        let value = try JSONParser.parse(Array(try Data(contentsOf: url)))
        var countries: [String: String] = [:]
        for issuer in value["issuers"]?.arrayValue ?? [] {
            countries[issuer["issuerId"]?.stringValue ?? ""] = issuer["country"]?.stringValue
        }
        return (value["entries"]?.arrayValue ?? []).map { entry in
            SampleEntry(
                id: entry["definitionId"]?.stringValue ?? "",
                country: countries[entry["issuerId"]?.stringValue ?? ""] ?? "",
                json: entry)
        }
    }

    /// A running devnet: `devnet up` as a child process, stopped (and its directory removed) by `stop`.
    final class RunningDevnet {
        let directory: URL
        let port: Int
        let process = Process()

        init(nodes: Int) throws {
            directory = try CLI.temporaryDirectory()
            port = FreePort.consecutive(2 * nodes)
            let initialized = try CLI.run([
                "devnet", "init", "--nodes", "\(nodes)", "--dir", net, "--base-port", "\(port)", "--with-catalogue",
            ])
            guard initialized.status == 0 else { throw FixtureFailure("devnet init: \(initialized.error)") }
            process.executableURL = CLI.executable
            process.arguments = ["devnet", "up", "--dir", net]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
        }

        var net: String { directory.appendingPathComponent("net").path }
        func api(_ node: Int) -> String { "http://127.0.0.1:\(port + 2 * (node - 1))" }

        func stop() {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }

        /// Polls `ledger definition list` on `node` until every one of `count` entries is final there.
        func waitForCatalogue(count: Int, node: Int) async throws {
            try await Polling.eventually("the catalogue's \(count) entries are final on node \(node)", within: 60) {
                guard self.process.isRunning else { throw FixtureFailure("devnet up exited") }
                let listed = try await CLI.runAsync([
                    "definition", "list", "--node", self.api(node), "--limit", "1", "--json",
                ])
                return listed.json?["total"]?.unsignedIntegerValue == UInt64(count)
            }
        }
    }

    struct FixtureFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test("search by level, state, kind and text gives the sample's own counts; an issuer adds a pathway")
    func catalogueSearch() async throws {
        let sample = try Self.sample()
        #expect(sample.count == 100)
        let devnet = try RunningDevnet(nodes: 4)
        defer { devnet.stop() }
        try await devnet.waitForCatalogue(count: sample.count, node: 2)
        func listed(_ filters: [String], node: Int = 3) async throws -> [String] {
            let result = try await CLI.runAsync(
                ["definition", "list", "--node", devnet.api(node), "--all", "--limit", "7", "--json"] + filters)
            #expect(result.status == 0, "\(filters): \(result.error)")
            let entries = result.json?["definitions"]?.arrayValue ?? []
            #expect(result.json?["total"]?.unsignedIntegerValue == UInt64(entries.count))
            return entries.compactMap { $0["definitionId"]?.stringValue }
        }
        func expected(_ keep: (SampleEntry) -> Bool) -> [String] { sample.filter(keep).map(\.id) }
        let level4 = expected { $0.json["level"]?.unsignedIntegerValue == 4 }
        #expect(try await listed(["--level", "4"]) == level4)
        let trinidad = expected { $0.country == "TT" }
        #expect(try await listed(["--country", "TT"], node: 4) == trinidad)
        let workshops = expected { $0.json["kind"]?.stringValue == "workshop" }
        #expect(try await listed(["--kind", "workshop"]) == workshops)
        let climate = expected { entry in
            let text =
                ([entry.json["title"]?.stringValue ?? ""]
                + (entry.json["learningOutcomes"]?.arrayValue ?? []).compactMap(\.stringValue))
                .joined(separator: " ").lowercased()
            return text.split(whereSeparator: { !$0.isLetter }).contains { $0.hasPrefix("climate") }
        }
        #expect(try await listed(["--query", "Climate"]) == climate)
        let online = expected { $0.json["format"]?.stringValue == "online" }
        #expect(online.count == 53, "the study's share of online offerings")
        #expect(
            try await listed(["--format", "online", "--max-hours", "44.99"])
                == expected {
                    $0.json["format"]?.stringValue == "online" && ($0.json["hours"]?.numberValue ?? 99) < 45
                })
        for (counts, name) in [(level4, "level"), (trinidad, "state"), (workshops, "kind"), (climate, "text")] {
            #expect(counts.count > 0 && counts.count < sample.count, "the \(name) search discriminates")
        }

        // An issuer of the sample, with its key from devnet init, stacks two of its courses into a pathway.
        let key = devnet.net + "/catalogue-keys/cardi.key.pem"
        let cardi = expected {
            $0.json["issuerId"]?.stringValue == "cardi" && $0.json["kind"]?.stringValue != "seminar"
        }
        let register = try await CLI.runAsync([
            "definition", "register", "--node", devnet.api(1), "--key", key, "--id", "cardi-pathway", "--title",
            "Certificate in Climate-Smart Farming", "--hours", "36", "--level", "4", "--format", "blended", "--kind",
            "pathway", "--component", cardi[0], "--component", cardi[1], "--require", "1", "--credits", "2.5",
            "--wait",
        ])
        #expect(register.status == 0, "\(register.error)")
        #expect(register.output.contains("catalogue entry cardi-pathway (pathway, issuer cardi): final at height"))
        let shown = try await CLI.runAsync(["definition", "show", "cardi-pathway", "--node", devnet.api(2), "--json"])
        #expect(shown.json?["components"] == .array([.string(cardi[0]), .string(cardi[1])]))
        #expect(shown.json?["componentsRequired"]?.unsignedIntegerValue == 1)
        #expect(shown.json?["creditValue"]?.numberValue == 2.5)
        let text = try await CLI.runAsync(["definition", "show", "cardi-pathway", "--node", devnet.api(2)])
        #expect(text.output.contains("pathway     1 of 2: \(cardi[0]), \(cardi[1])"), "\(text.output)")

        // Refusals: by the chain (an unknown component, a reused id), and by the command line before signing.
        let base = [
            "definition", "register", "--node", devnet.api(1), "--key", key, "--title", "T", "--hours", "2", "--level",
            "3", "--format", "online",
        ]
        let cases: [([String], Int32, String)] = [
            (base + ["--id", "x1", "--kind", "pathway", "--component", "nope", "--wait"], 1, "unknown_definition"),
            (base + ["--id", cardi[0], "--kind", "course", "--wait"], 1, "definition_already_registered"),
            (base + ["--id", "x2", "--kind", "lecture"], 2, "lecture"),
            (base + ["--id", "x3", "--kind", "course", "--component", cardi[0]], 2, "--kind pathway only"),
            (base + ["--id", "x4", "--kind", "pathway"], 2, "at least one --component"),
            (base + ["--id", "x5", "--kind", "course", "--hours", "1.001"], 2, "whole minute"),
            (base + ["--id", "x6", "--kind", "course", "--language", "english!"], 2, "language"),
            (
                [
                    "definition", "register", "--node", devnet.api(1), "--key", devnet.net + "/node-1/node.key.pem",
                    "--id", "x7", "--title", "T", "--hours", "2", "--level", "3", "--format", "online", "--kind",
                    "course",
                ],
                1, "not a registered issuer's key"
            ),
            (["definition", "show", "nope", "--node", devnet.api(1)], 1, "not_found"),
            (["definition", "show", "a b", "--node", devnet.api(1)], 2, "URL-safe"),
            (["definition", "list", "--node", devnet.api(1), "--country", "tt"], 1, "invalid_query"),
        ]
        for (arguments, status, message) in cases {
            let result = try await CLI.runAsync(arguments)
            #expect(result.status == status, "\(arguments): \(result.output)\(result.error)")
            #expect((result.output + result.error).contains(message), "\(arguments): \(result.output)\(result.error)")
        }
    }

    @Test("a QA body accredits a course; its credential verifies offline with the accreditation; a stacked award too")
    func accreditedAndStacked() async throws {
        let devnet = try RunningDevnet(nodes: 4)
        defer { devnet.stop() }
        try await devnet.waitForCatalogue(count: 100, node: 1)
        let net = devnet.net
        let node = devnet.api(1)
        func run(_ arguments: [String]) async throws -> CLI.Result {
            let result = try await CLI.runAsync(arguments)
            #expect(result.status == 0, "\(arguments): \(result.output)\(result.error)")
            return result
        }
        _ = try await run(["keygen", "--out", net + "/ucj"])
        _ = try await run([
            "qa", "register", "--node", node, "--key", net + "/node-1/node.key.pem", "--id", "ucj", "--name",
            "University Council of Jamaica", "--country", "JM", "--qa-public-key", net + "/ucj.pub.pem", "--wait",
        ])
        _ = try await run([
            "accreditation", "record", "--node", node, "--key", net + "/ucj.key.pem", "--id", "ucj-mona", "--issuer",
            "uwi-mona", "--kinds", "course,pathway", "--until", "2028-06-30", "--wait",
        ])
        let shown = try await run(["accreditation", "show", "ucj-mona", "--node", devnet.api(2)])
        #expect(shown.output.contains("scope       every course, pathway"), "\(shown.output)")
        let document = CLI.repositoryRoot.appendingPathComponent("examples/open-badge-short-course.json").path
        func issue(_ issuer: String, _ id: String, _ extra: [String]) -> [String] {
            [
                "issue", "--node", node, "--issuer", issuer, "--key", net + "/catalogue-keys/\(issuer).key.pem",
                "--credential", document, "--credential-id", id, "--wait",
            ] + extra
        }
        _ = try await run(
            issue("uwi-mona", "mona-course", ["--definition", "uwi-mona-001", "--accreditation", "ucj-mona"]))
        let uncovered = try await CLI.runAsync(
            issue("uwi-mona", "mona-workshop", ["--definition", "uwi-mona-002", "--accreditation", "ucj-mona"]))
        #expect(uncovered.status == 1 && uncovered.error.contains("accreditation_does_not_cover"), "\(uncovered.error)")
        let genesis = net + "/genesis.json"
        _ = try await run(["proof", "mona-course", "--node", devnet.api(3), "--out", net + "/course.json"])
        let verified = try await run(["verify", net + "/course.json", "--genesis", genesis])
        #expect(
            verified.output.contains(
                "accredited   course accredited by University Council of Jamaica (ucj, JM) until 2028-06-30"),
            "\(verified.output)")
        #expect(verified.output.contains("entry        \"Digital Marketing for Creatives\" (uwi-mona-001"))

        // Three components from three institutions, stacked into the public-health pathway by recognition of
        // prior learning.
        _ = try await run(issue("uog", "c-uog", ["--definition", "uog-006"]))
        _ = try await run(issue("uwi-mona", "c-mona", ["--definition", "uwi-mona-002"]))
        _ = try await run(issue("bcc", "c-bcc", ["--definition", "bcc-001"]))
        let short = try await CLI.runAsync(
            issue("uwi-mona", "award", ["--definition", "uwi-mona-008", "--component", "c-uog"]))
        #expect(short.status == 1 && short.error.contains("pathway_incomplete"), "\(short.error)")
        _ = try await run(
            issue(
                "uwi-mona", "award",
                [
                    "--definition", "uwi-mona-008", "--accreditation", "ucj-mona", "--route", "priorLearning",
                    "--component", "c-uog", "--component", "c-mona", "--component", "c-bcc",
                ]))
        _ = try await run(["proof", "award", "--node", devnet.api(4), "--out", net + "/award.json"])
        let award = try await run(["verify", net + "/award.json", "--genesis", genesis])
        for line in [
            "route        recognition of prior learning (PLAR)",
            "stacks       3 components (3 of 5 required), each proven in the same bundle:",
            "c-uog  Mental Health First Aid (uog-006) by University of Guyana, active",
            "c-bcc  Community Health Worker Skills (bcc-001) by Barbados Community College, active",
            "pathway accredited by University Council of Jamaica",
        ] {
            #expect(award.output.contains(line), "\(line): \(award.output)")
        }
        let python = try await CLI.runProgram(
            CLI.python,
            [CLI.repositoryRoot.appendingPathComponent("examples/verify_proof.py").path, net + "/award.json", genesis])
        #expect(python.status == 0, "\(python.standardOutput)\(python.standardError)")
        #expect(
            python.standardOutput.contains(
                "component: c-mona Infection Prevention and Control by The University of the West Indies, Mona, active")
        )
        // Its authority suspends uwi-mona: a new issuance is refused, and its earlier credential still verifies,
        // with the standing shown.
        _ = try await run([
            "issuer", "suspend", "--node", node, "--key", net + "/node-1/node.key.pem", "--issuer-id", "uwi-mona",
            "--wait",
        ])
        let refused = try await CLI.runAsync(issue("uwi-mona", "mona-late", ["--definition", "uwi-mona-001"]))
        #expect(refused.status == 1 && refused.error.contains("issuer_not_active"), "\(refused.error)")
        _ = try await run(["proof", "mona-course", "--node", devnet.api(2), "--out", net + "/later.json"])
        let later = try await run(["verify", net + "/later.json", "--genesis", genesis])
        #expect(later.output.hasPrefix("AUTHENTIC: credential mona-course"), "\(later.output)")
        #expect(later.output.contains("issuer now   SUSPENDED since block"), "\(later.output)")
        let listed = try await run(["issuer", "list", "--node", devnet.api(3)])
        #expect(listed.output.contains("uwi-mona  The University of the West Indies, Mona (JM), suspended"))
        let size = try Data(contentsOf: URL(fileURLWithPath: net + "/award.json")).count
        if ProcessInfo.processInfo.environment["MCLEDGER_MEASURE"] == "1" {
            print("bundle size with an accreditation and three components (4-node devnet): \(size) bytes")
        }
    }
}
