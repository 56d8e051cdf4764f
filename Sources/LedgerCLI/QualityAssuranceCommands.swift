import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

extension LearningRoute: ExpressibleByArgument {
    public init?(argument: String) {
        guard let route = Self.allCases.first(where: { $0.description == argument }) else { return nil }
        self = route
    }
}

/// `ledger qa`: the national quality-assurance bodies, registered by member-state authorities.
struct QABodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa", abstract: "Register a quality-assurance body, or list the registered ones.",
        subcommands: [QABodyRegisterCommand.self, QABodyListCommand.self])
}

/// `ledger qa register`: an authority registers its state's QA body (UCJ for Jamaica, ACTT for Trinidad and Tobago).
struct QABodyRegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a QA body, signed with an authority's (a validator's) key.",
        discussion: """
            The body may accredit only the issuers this same authority registered, in its own country.
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The authority's private key: a validator's .key.pem.")
    var key: String

    @Option(name: .long, help: "The body's id on the chain (A-Z a-z 0-9 - . _ ~, at most 64), e.g. ucj.")
    var id: String

    @Option(name: .long, help: "The body's name, e.g. \"University Council of Jamaica\".")
    var name: String

    @Option(name: .long, help: "ISO 3166-1 alpha-2 code of its member state, e.g. JM.")
    var country: String

    @Option(name: .long, help: "The body's public key (.pub.pem from 'ledger keygen').")
    var qaPublicKey: String

    @Flag(name: .long, help: "Wait until the registration is final and print its height.")
    var wait = false

    func run() throws {
        let authority = try readPrivateKey(key, option: "--key")
        let bodyKey: P256PublicKey
        do {
            bodyKey = try KeyFile.readPublicKey(path: qaPublicKey)
        } catch {
            throw CLIFailure.usage("--qa-public-key \(qaPublicKey): \(error)")
        }
        try NodeCall(options).submitAndPrint(
            by: authority, json: options.json, wait: wait, what: "registering QA body \(id)",
            subject: "QA body \(id) (key \(bodyKey.keyID.hex))"
        ) {
            .registerQABody(
                RegisterQABody(qaBodyID: id, displayName: name, country: country, publicKey: bodyKey.spkiDER))
        }
    }
}

/// `ledger qa list`.
struct QABodyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the QA bodies and the authorities that registered them.")

    @OptionGroup var options: NodeOptions

    func run() throws {
        let call = try NodeCall(options)
        let value = try call.json(try call.get("/v1/qa-bodies"), what: "listing QA bodies")
        if options.json {
            CLIOutput.write(json: value)
            return
        }
        let bodies = value["qaBodies"]?.arrayValue ?? []
        if bodies.isEmpty { CLIOutput.write("no QA bodies are registered yet") }
        for body in bodies {
            let field = { (key: String) in body[key]?.stringValue ?? "?" }
            CLIOutput.write(
                "\(field("qaBodyId"))  \(field("displayName")) (\(field("country"))), registered by "
                    + "\(field("registeredBy")) at height \(body["height"]?.unsignedIntegerValue ?? 0)")
        }
    }
}

/// `ledger accreditation`: a QA body accredits an issuer or some of its catalogue entries.
struct AccreditationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accreditation", abstract: "Record or withdraw an accreditation, or show one.",
        subcommands: [
            AccreditationRecordCommand.self, AccreditationWithdrawCommand.self, AccreditationShowCommand.self,
        ])
}

/// `ledger accreditation record`.
struct AccreditationRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Accredit an issuer's entries, signed with the QA body's key.",
        discussion: """
            Give the scope as --entry ID (repeat) for named catalogue entries, or --kinds course,workshop (or all) \
            for every entry of those kinds. The period runs from --from until (not including) --until.
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The QA body's private key (.key.pem).")
    var key: String

    @Option(name: .long, help: "The accreditation's id (A-Z a-z 0-9 - . _ ~, at most 64).")
    var id: String

    @Option(name: .long, help: "The accredited issuer's id.")
    var issuer: String

    @Option(name: .long, help: "A catalogue entry of the issuer to accredit; repeat for each.")
    var entry: [String] = []

    @Option(
        name: .long, help: "Kinds of entry to accredit, comma-separated (course, workshop, seminar, pathway), or all.")
    var kinds: String?

    @Option(name: .long, help: "Start of the period (ISO 8601 date or time); default: now.")
    var from: String?

    @Option(name: .long, help: "End of the period, exclusive (ISO 8601 date or time), e.g. 2028-06-30.")
    var until: String

    @Flag(name: .long, help: "Wait until the accreditation is final and print its height.")
    var wait = false

    func validate() throws {
        guard entry.isEmpty != (kinds == nil) else {
            throw ValidationError("give the scope as --entry (repeatable) or as --kinds, not both")
        }
    }

    func run() throws {
        let bodyKey = try readPrivateKey(key, option: "--key")
        let scope: AccreditationScope
        if let kinds {
            let names =
                kinds == "all" ? ActivityKind.allCases.map(\.description) : kinds.split(separator: ",").map(String.init)
            var parsed: [ActivityKind] = []
            for name in names {
                guard let kind = ActivityKind(argument: name.trimmingCharacters(in: .whitespaces)) else {
                    throw CLIFailure.usage("--kinds: '\(name)' is not course, workshop, seminar or pathway")
                }
                if !parsed.contains(kind) { parsed.append(kind) }
            }
            scope = .issuer(kinds: parsed.sorted { $0.rawValue < $1.rawValue })
        } else {
            scope = .entries(entry)
        }
        let start = try from.map { try CLIOutput.parseTime($0, option: "--from") } ?? CLIOutput.nowMilliseconds()
        let end = try CLIOutput.parseTime(until, option: "--until")
        guard end > start else { throw CLIFailure.usage("--until \(until) must be after the start of the period") }
        try NodeCall(options).submitAndPrint(
            by: bodyKey, json: options.json, wait: wait, what: "recording accreditation \(id)",
            subject: "accreditation \(id) of \(issuer) until \(CLIOutput.iso8601(milliseconds: end))"
        ) {
            .recordAccreditation(
                RecordAccreditation(
                    accreditationID: id, issuerID: issuer, scope: scope, validFromMilliseconds: start,
                    validUntilMilliseconds: end))
        }
    }
}

/// `ledger accreditation withdraw`.
struct AccreditationWithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract:
            "Withdraw an accreditation, signed by the QA body that recorded it; credentials already issued keep it.")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The QA body's private key (.key.pem).")
    var key: String

    @Option(name: .long, help: "The accreditation's id.")
    var id: String

    @Flag(name: .long, help: "Wait until the withdrawal is final and print its height.")
    var wait = false

    func run() throws {
        let bodyKey = try readPrivateKey(key, option: "--key")
        try NodeCall(options).submitAndPrint(
            by: bodyKey, json: options.json, wait: wait, what: "withdrawing accreditation \(id)",
            subject: "withdrawal of accreditation \(id)"
        ) {
            .withdrawAccreditation(
                WithdrawAccreditation(accreditationID: id, decidedAtMilliseconds: CLIOutput.nowMilliseconds()))
        }
    }
}

/// `ledger accreditation show ID`.
struct AccreditationShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one accreditation.")

    @OptionGroup var options: NodeOptions

    @Argument(help: "The accreditation's id.")
    var id: String

    func run() throws {
        do {
            try RecordIdentifier.check(id, field: "the accreditation id")
        } catch {
            throw CLIFailure.usage("\(error)")
        }
        let call = try NodeCall(options)
        let value = try call.json(try call.get("/v1/accreditations/\(id)"), what: "reading accreditation \(id)")
        if options.json {
            CLIOutput.write(json: value)
            return
        }
        let field = { (key: String) in value[key]?.stringValue ?? "?" }
        let time = { (key: String) in
            value[key]?.unsignedIntegerValue.map { CLIOutput.iso8601(milliseconds: $0) } ?? "?"
        }
        let scope =
            value["scope"]?["kinds"]?.arrayValue.map { "every " + $0.compactMap(\.stringValue).joined(separator: ", ") }
            ?? ("entries "
                + (value["scope"]?["entries"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", "))
        CLIOutput.write(
            [
                "\(field("accreditationId")): \(field("issuerId")) accredited by \(field("qaBodyId"))",
                "  scope       \(scope)",
                "  period      \(time("validFrom")) until \(time("validUntil"))",
                "  state       \(field("state"))" + (value["inForce"] == .bool(true) ? ", in force" : ", not in force"),
            ].joined(separator: "\n"))
    }
}
