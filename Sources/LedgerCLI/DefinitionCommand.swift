import ArgumentParser
import Foundation
import LedgerCore

/// `ledger definition`: the regional catalogue of micro-credentials.
struct DefinitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "definition", abstract: "Add an entry to the catalogue, or search and show its entries.",
        subcommands: [DefinitionRegisterCommand.self, DefinitionListCommand.self, DefinitionShowCommand.self])
}

extension ActivityKind: ExpressibleByArgument {
    public init?(argument: String) {
        guard let kind = Self.allCases.first(where: { $0.description == argument }) else { return nil }
        self = kind
    }
}

extension DeliveryFormat: ExpressibleByArgument {
    public init?(argument: String) {
        guard let format = Self.allCases.first(where: { $0.description == argument }) else { return nil }
        self = format
    }
}

/// `ledger definition register`: an issuer adds a course, workshop, seminar or pathway to the catalogue.
struct DefinitionRegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register", abstract: "Add a catalogue entry, signed with a registered issuer's key.",
        discussion: """
            A pathway (--kind pathway) stacks entries already in the catalogue: name each with --component, and \
            with --require K say how many a learner must hold (default: all of them).
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The issuer's private key (.key.pem); the entry is that issuer's.")
    var key: String

    @Option(name: .long, help: "The entry's id (A-Z a-z 0-9 - . _ ~, at most 64).")
    var id: String

    @Option(name: .long, help: "The title, as learners and employers see it.")
    var title: String

    @Option(name: .long, help: "Notional learning hours, e.g. 7.5.")
    var hours: String

    @Option(name: .long, help: "CARICOM Qualifications Framework level, 1–10.")
    var level: UInt8

    @Option(name: .long, help: "Delivery: online, faceToFace, hybrid or blended.")
    var format: DeliveryFormat

    @Option(name: .long, help: "course, workshop, seminar or pathway.")
    var kind: ActivityKind

    @Option(name: .long, help: "Credit value, in steps of 0.1 (default 0: no credit).")
    var credits = "0"

    @Option(name: .long, help: "A learning outcome, as a short statement; repeat for each (at most 8).")
    var outcome: [String] = []

    @Option(name: .long, help: "The language of instruction, a BCP 47 tag such as en, es or fr.")
    var language = "en"

    @Option(name: .long, help: "For a pathway: a component entry's id; repeat for each.")
    var component: [String] = []

    @Option(name: .long, help: "For a pathway: how many components a learner must hold (default: all).")
    var require: Int?

    @Flag(name: .long, help: "Wait until the entry is final and print its height.")
    var wait = false

    func validate() throws {
        if kind == .pathway {
            guard !component.isEmpty else { throw ValidationError("a pathway needs at least one --component") }
            if let require, !(1...component.count).contains(require) {
                throw ValidationError("--require must be from 1 to the \(component.count) components given")
            }
        } else if !component.isEmpty || require != nil {
            throw ValidationError("--component and --require are for --kind pathway only")
        }
    }

    func run() throws {
        let issuerKey = try readPrivateKey(key, option: "--key")
        let minutes = try Self.scaled(hours, by: 60, option: "--hours", unit: "a whole minute")
        let tenths = try Self.scaled(credits, by: 10, option: "--credits", unit: "0.1 credit")
        guard minutes > 0, minutes <= Double(UInt32.max) else {
            throw CLIFailure.usage("--hours \(hours) must be above 0")
        }
        guard tenths <= Double(UInt16.max) else { throw CLIFailure.usage("--credits \(credits) is too large") }
        let call = try NodeCall(options)
        let issuers = try call.json(try call.get("/v1/issuers"), what: "reading the issuers")["issuers"]?.arrayValue
        guard let issuer = issuers?.first(where: { $0["keyId"] == .string(issuerKey.publicKey.keyID.hex) }) else {
            throw CLIFailure.checkFailed(
                "--key is not a registered issuer's key (key id \(issuerKey.publicKey.keyID.hex)); see "
                    + "'ledger issuer list'", code: "author_not_issuer")
        }
        let transaction = try signedTransaction(by: issuerKey, chainID: try chainID(call)) {
            .registerDefinition(
                RegisterDefinition(
                    definitionID: id, title: title, notionalMinutes: UInt32(minutes), level: level, format: format,
                    activity: kind, creditTenths: UInt16(tenths), language: language, learningOutcomes: outcome,
                    components: component, componentsRequired: UInt8(kind == .pathway ? require ?? component.count : 0)
                ))
        }
        let status = try call.submitAndReport(transaction, wait: wait, what: "registering catalogue entry \(id)")
        if options.json {
            CLIOutput.write(json: status)
        } else {
            let owner = issuer["issuerId"]?.stringValue ?? "?"
            CLIOutput.write(describeSubmission(status, subject: "catalogue entry \(id) (\(kind), issuer \(owner))"))
        }
    }

    /// A decimal quantity in whole steps of 1/`scale`: "7.5" hours by 60 is 450 minutes.
    static func scaled(_ text: String, by scale: Double, option: String, unit: String) throws -> Double {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw CLIFailure.usage("\(option) \(text) is not a number of 0 or more")
        }
        let steps = (value * scale).rounded()
        guard abs(steps - value * scale) < 1e-6 else {
            throw CLIFailure.usage("\(option) \(text) is not in steps of \(unit)")
        }
        return steps
    }
}

/// `ledger definition list`: searches the catalogue with `GET /v1/definitions`.
struct DefinitionListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Search the catalogue; every filter given must hold.")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "Only this issuer's entries.")
    var issuer: String?

    @Option(name: .long, help: "Only entries of issuers in this member state (ISO 3166-1 alpha-2, e.g. JM).")
    var country: String?

    @Option(name: .long, help: "Only this CQF level.")
    var level: UInt8?

    @Option(name: .long, help: "Only course, workshop, seminar or pathway.")
    var kind: ActivityKind?

    @Option(name: .long, help: "Only online, faceToFace, hybrid or blended.")
    var format: DeliveryFormat?

    @Option(name: .long, help: "Only this language of instruction.")
    var language: String?

    @Option(name: .long, help: "At least this many notional hours.")
    var minHours: String?

    @Option(name: .long, help: "At most this many notional hours.")
    var maxHours: String?

    @Option(name: .long, help: "Words the title or a learning outcome must hold (prefixes; case and accents ignored).")
    var query: String?

    @Option(name: .long, help: "Entries per page, 1–200.")
    var limit = 50

    @Flag(name: .long, help: "Follow every page, not just the first.")
    var all = false

    func run() throws {
        let call = try NodeCall(options)
        var parameters: [(String, String)] = []
        func add(_ name: String, _ value: String?) { if let value { parameters.append((name, value)) } }
        add("issuer", issuer)
        add("country", country)
        add("level", level.map { String($0) })
        add("kind", kind?.description)
        add("format", format?.description)
        add("language", language)
        add("minHours", minHours)
        add("maxHours", maxHours)
        add("q", query)
        add("limit", String(limit))
        var entries: [JSONValue] = []
        var total: UInt64 = 0
        var after: String?
        repeat {
            let page = try call.json(
                try call.get("/v1/definitions?" + Self.queryString(parameters + (after.map { [("after", $0)] } ?? []))),
                what: "searching the catalogue")
            entries += page["definitions"]?.arrayValue ?? []
            total = page["total"]?.unsignedIntegerValue ?? 0
            after = page["next"]?.stringValue
        } while all && after != nil
        if options.json {
            CLIOutput.write(
                json: .object([
                    JSONMember("definitions", .array(entries)),
                    JSONMember("total", .number(Double(total))),
                    JSONMember("next", after.map { .string($0) } ?? .null),
                ]))
            return
        }
        for entry in entries { CLIOutput.write(Self.line(entry)) }
        let more = after.map { _ in "; more with --all or --limit" } ?? ""
        CLIOutput.write("\(entries.count) of \(total) matching entries\(more)")
    }

    static func line(_ entry: JSONValue) -> String {
        let field = { (key: String) in entry[key]?.stringValue ?? "?" }
        let hours = entry["notionalHours"]?.numberValue.map { CLIOutput.decimal($0) } ?? "?"
        return "\(field("definitionId"))  \(field("title"))  [\(field("kind")), \(field("format")), level "
            + "\(entry["level"]?.unsignedIntegerValue ?? 0), \(hours) h, \(field("language"))]  "
            + "\(field("issuerId")) (\(field("country")))"
    }

    /// `name=value&…`, each part percent-encoded.
    static func queryString(_ parameters: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parameters.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}

/// `ledger definition show ID`: one entry in full.
struct DefinitionShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one catalogue entry.")

    @OptionGroup var options: NodeOptions

    @Argument(help: "The entry's id.")
    var id: String

    func run() throws {
        do {
            try RecordIdentifier.check(id, field: "the definition id")
        } catch {
            throw CLIFailure.usage("\(error)")
        }
        let call = try NodeCall(options)
        let entry = try call.json(try call.get("/v1/definitions/\(id)"), what: "reading catalogue entry \(id)")
        if options.json {
            CLIOutput.write(json: entry)
            return
        }
        let field = { (key: String) in entry[key]?.stringValue ?? "?" }
        let number = { (key: String) in entry[key]?.numberValue.map { CLIOutput.decimal($0) } ?? "?" }
        var lines = [
            "\(field("definitionId")): \(field("title"))",
            "  issuer      \(field("issuerId")) (\(field("country")))",
            "  kind        \(field("kind")), \(field("format")), in \(field("language"))",
            "  CQF level   \(number("level")), \(number("notionalHours")) notional hours, \(number("creditValue")) credits",
        ]
        for outcome in entry["learningOutcomes"]?.arrayValue ?? [] {
            lines.append("  outcome     \(outcome.stringValue ?? "?")")
        }
        if let components = entry["components"]?.arrayValue {
            let names = components.compactMap(\.stringValue)
            lines.append(
                "  pathway     \(number("componentsRequired")) of \(names.count): \(names.joined(separator: ", "))")
        }
        lines.append(
            "  registered  at height \(number("height")), transaction \(field("transactionId"))")
        CLIOutput.write(lines.joined(separator: "\n"))
    }
}
