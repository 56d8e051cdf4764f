import Foundation
import LedgerCore
import LedgerTesting
import Testing

/// docs/conformance: every case gives the verdict it lists, and every alteration of a sweep fails the check it
/// lists, in the Swift verifier. The page's tests (web/verifier/test) and `ConformanceCLITests` (ledger verify and
/// examples/verify_proof.py) run the same files. MCLEDGER_WRITE_FIXTURES=1 regenerates them from real stores.
@Suite("Conformance fixtures: the Swift verifier's verdicts", .serialized)
struct ConformanceTests {
    struct Verdict: Equatable, CustomStringConvertible {
        var verdict: String
        var exitStatus: Int
        var check: String?

        var description: String { "\(verdict) (\(exitStatus))" + (check.map { ", check \($0)" } ?? "") }

        var json: JSONValue {
            .object(
                [JSONMember("verdict", .string(verdict)), JSONMember("exitStatus", .number(Double(exitStatus)))]
                    + (check.map { [JSONMember("check", .string($0))] } ?? []))
        }
    }

    static let directory = ConformanceFixtures.directory

    static func iso(_ milliseconds: UInt64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds / 1000)))
    }

    static func milliseconds(iso: String) throws -> UInt64 {
        let date = try #require(ISO8601DateFormatter().date(from: iso), "at \(iso)")
        return UInt64(date.timeIntervalSince1970) * 1000
    }

    /// --max-age syntax: a number and s, m, h or d.
    static func maxAge(_ text: String) throws -> UInt64 {
        let units: [Character: UInt64] = ["s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
        let unit = try #require(text.last.flatMap { units[$0] }, "max age \(text)")
        return try #require(UInt64(text.dropLast()), "max age \(text)") * unit
    }

    /// The verdict `ledger verify` gives (its exit status and `--json` verdict and check), computed in process.
    /// A `bundle` that is a verification package is checked as `ledger verify PACKAGE` checks it.
    static func verdict(
        bundle: [UInt8], genesis: Genesis, status: [UInt8]? = nil, credential: (bytes: [UInt8], name: String)? = nil,
        subject: (identifier: String, salt: [UInt8]?)? = nil, at: UInt64, maxAge: UInt64
    ) throws -> Verdict {
        let result: Result<VerifiedProof, ProofFailure>
        if (try? JSONParser.parse(bundle, bytesMax: VerificationPackage.bytesMax))?["format"]?.stringValue
            == VerificationPackage.formatName
        {
            result = ProofVerifier.verify(
                package: try VerificationPackage.parse(json: bundle), genesis: genesis,
                subjectIdentifier: subject?.identifier, salt: subject?.salt, newerStatusJSON: status)
        } else {
            let document = try credential.map {
                try DocumentDigest.compute($0.bytes, reading: .automatic(fileName: $0.name))
            }
            let claim = try subject.map { SubjectClaim(identifier: $0.identifier, salt: try #require($0.salt)) }
            result = ProofVerifier.verify(
                bundleJSON: bundle, genesis: genesis, document: document, subject: claim, newerStatusJSON: status)
        }
        switch result {
        case .failure(let failure):
            return Verdict(verdict: "not-authentic", exitStatus: 1, check: failure.check.rawValue)
        case .success(let proof):
            switch proof.standing(atMilliseconds: at, maxAgeMilliseconds: maxAge) {
            case .active: return Verdict(verdict: "authentic", exitStatus: 0)
            case .revoked: return Verdict(verdict: "revoked", exitStatus: 3)
            case .expired: return Verdict(verdict: "expired", exitStatus: 3)
            case .suspended: return Verdict(verdict: "suspended", exitStatus: 4)
            case .statusTooOld: return Verdict(verdict: "status-too-old", exitStatus: 5)
            }
        }
    }

    static func file(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// A case of cases.json, evaluated from its files.
    static func evaluate(_ entry: JSONValue) throws -> Verdict {
        let genesis = try Genesis.parse(json: try file(try #require(entry["genesis"]?.stringValue)))
        let subject = try entry["subject"]?.stringValue.map { identifier in
            (identifier, try entry["salt"]?.stringValue.map { try #require(Hex.decode($0)) })
        }
        return try verdict(
            bundle: try file(try #require(entry["bundle"]?.stringValue)), genesis: genesis,
            status: try entry["status"]?.stringValue.map(file),
            credential: try entry["credential"]?.stringValue.map { (try file($0), $0) }, subject: subject,
            at: try milliseconds(iso: try #require(entry["at"]?.stringValue)),
            maxAge: try maxAge(try #require(entry["maxAge"]?.stringValue)))
    }

    static func cases() throws -> JSONValue { try JSONParser.parse(try file("cases.json")) }

    @Test("each case gives the verdict cases.json lists; the set covers every kind of verdict")
    func casesAgree() throws {
        if ProcessInfo.processInfo.environment["MCLEDGER_WRITE_FIXTURES"] == "1" { try Self.writeFixtures() }
        let cases = try #require(try Self.cases()["cases"]?.arrayValue)
        var verdicts = Set<String>()
        for entry in cases {
            let name = entry["name"]?.stringValue ?? "?"
            let expected = try #require(entry["expected"])
            let actual = try Self.evaluate(entry)
            #expect(actual.json == expected, "\(name): Swift says \(actual)")
            verdicts.insert(actual.verdict)
        }
        #expect(verdicts == ["authentic", "not-authentic", "revoked", "expired", "suspended", "status-too-old"])
        #expect(cases.count >= 25)
    }

    @Test("every alteration of each sweep is refused, naming the check sweeps list")
    func sweepsAgree() throws {
        let sweeps = try #require(try Self.cases()["sweeps"]?.arrayValue)
        for sweep in sweeps {
            let name = try #require(sweep["bundle"]?.stringValue)
            let genesis = try Genesis.parse(json: try Self.file(try #require(sweep["genesis"]?.stringValue)))
            let value = try JSONParser.parse(try Self.file(name))
            let at = try Self.milliseconds(iso: try #require(sweep["at"]?.stringValue))
            let alterations = try #require(sweep["alterations"]?.arrayValue)
            #expect(alterations.count == JSONTampering.leafPaths(value).count, "\(name): a leaf has no alteration")
            for alteration in alterations {
                let path = try #require(alteration["path"]?.arrayValue).compactMap(\.stringValue)
                let tampered = Array(JSONWriter.pretty(JSONTampering.altered(value, at: path)).utf8)
                let actual = try Self.verdict(bundle: tampered, genesis: genesis, at: at, maxAge: 86_400_000)
                #expect(
                    actual.verdict == "not-authentic" && actual.check == alteration["check"]?.stringValue,
                    "\(name) with \(path.joined(separator: ".")) altered: Swift says \(actual)")
            }
        }
    }

    /// Builds the fixtures from real stores and writes them with the Swift verifier's verdicts.
    static func writeFixtures() throws {
        var output = try ConformanceFixtures.build()
        let files = output.files
        let genesis = { (name: String) throws -> Genesis in try Genesis.parse(json: files[name] ?? []) }
        var sweeps: [JSONValue] = []
        var tamperedChecks = Set<String>()
        for sweep in output.sweeps {
            let value = try JSONParser.parse(output.files[sweep.bundle] ?? [])
            var alterations: [JSONValue] = []
            for path in JSONTampering.leafPaths(value) {
                let tampered = JSONWriter.pretty(JSONTampering.altered(value, at: path))
                let result = try verdict(
                    bundle: Array(tampered.utf8), genesis: try genesis(sweep.genesis), at: sweep.at,
                    maxAge: 86_400_000)
                alterations.append(
                    .object([
                        JSONMember("path", .array(path.map(JSONValue.string))),
                        JSONMember("check", result.check.map(JSONValue.string) ?? .null),
                    ]))
                // The first alteration refused by each check is kept as a fixture of its own.
                if let check = result.check, tamperedChecks.insert(check).inserted {
                    let name = "bundles/tampered-\(check).json"
                    output.files[name] = Array(tampered.utf8)
                    output.cases.append(
                        ConformanceFixtures.Case(
                            name: "tampered-\(check)",
                            description: "\(sweep.bundle) with \(path.joined(separator: ".")) altered",
                            bundle: name, genesis: sweep.genesis, at: sweep.at))
                }
            }
            sweeps.append(
                .object([
                    JSONMember("bundle", .string(sweep.bundle)), JSONMember("genesis", .string(sweep.genesis)),
                    JSONMember("at", .string(iso(sweep.at))), JSONMember("maxAge", .string("24h")),
                    JSONMember("alterations", .array(alterations)),
                ]))
        }
        var cases: [JSONValue] = []
        for item in output.cases {
            let verdict = try verdict(
                bundle: output.files[item.bundle] ?? [], genesis: try genesis(item.genesis),
                status: item.status.flatMap { output.files[$0] },
                credential: item.credential.map { (output.files[$0] ?? [], $0) },
                subject: item.subject, at: item.at,
                maxAge: try maxAge(item.maxAge))
            var members = [
                JSONMember("name", .string(item.name)), JSONMember("description", .string(item.description)),
                JSONMember("bundle", .string(item.bundle)), JSONMember("genesis", .string(item.genesis)),
            ]
            if let status = item.status { members.append(JSONMember("status", .string(status))) }
            if let credential = item.credential { members.append(JSONMember("credential", .string(credential))) }
            if let subject = item.subject {
                members.append(JSONMember("subject", .string(subject.identifier)))
                if let salt = subject.salt { members.append(JSONMember("salt", .string(Hex.encode(salt)))) }
            }
            members += [
                JSONMember("at", .string(iso(item.at))), JSONMember("maxAge", .string(item.maxAge)),
                JSONMember("expected", verdict.json),
            ]
            cases.append(.object(members))
        }
        for folder in ["bundles", "packages"] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(folder))
        }
        for (name, bytes) in output.files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let document = JSONValue.object([
            JSONMember("format", .string("mcledger.conformance.v1")),
            JSONMember(
                "about",
                .string(
                    "Proof bundles from real stores with the verdict every verifier must give; see README.md")),
            JSONMember("cases", .array(cases)), JSONMember("sweeps", .array(sweeps)),
        ])
        try (JSONWriter.pretty(document) + "\n").write(
            to: directory.appendingPathComponent("cases.json"), atomically: true, encoding: .utf8)
    }
}
