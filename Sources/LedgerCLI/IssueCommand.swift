import ArgumentParser
import Foundation
import LedgerCore

/// `ledger issue`: an issuer anchors a credential document. Only its digest and a salted commitment to the
/// learner go on the chain.
struct IssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Anchor a credential: digest the document, commit to the learner, sign, and submit.",
        discussion: """
            The digest is SHA-256 of the RFC 8785 canonical form for a JSON document (Open Badges 3.0, VC 2.0), \
            or of the raw bytes otherwise. With --subject, a random salt is written to --salt-out for the learner, \
            and the chain holds SHA-256(salt ‖ subject); without it, the credential names no learner.
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The issuer's id, as registered.")
    var issuer: String

    @Option(name: .long, help: "The issuer's private key (.key.pem).")
    var key: String

    @Option(name: .long, help: "The credential document (JSON or any file, at most 16 MiB).")
    var credential: String

    @Flag(name: .long, help: "Anchor the document's raw bytes, even if it is JSON (the verifier must pass --raw too).")
    var raw = false

    @Option(
        name: .long,
        help: "The credential id (A-Z a-z 0-9 - . _ ~). Default: the last part of the document's JSON \"id\".")
    var credentialId: String?

    @Option(name: .long, help: "The learner's identifier (e.g. an email or student number), never sent in clear.")
    var subject: String?

    @Option(name: .long, help: "With --subject: where to write the learner's salt (hex, mode 0600).")
    var saltOut: String?

    @Flag(name: .long, help: "Replace an existing output file instead of refusing.")
    var force = false

    @Option(name: .long, help: "A registered credential definition (course) id, if any.")
    var definition: String?

    @Option(name: .long, help: "When the credential expires (ISO 8601, e.g. 2028-06-30T00:00:00Z); default: never.")
    var expiresAt: String?

    @Option(name: .long, help: "The accreditation record the credential relies on (see 'ledger accreditation').")
    var accreditation: String?

    @Option(name: .long, help: "How the learner earned it: course (default) or priorLearning (PLAR).")
    var route: LearningRoute = .course

    @Option(
        name: .long, help: "For a stacked award (--definition a pathway): a component credential's id; repeat for each."
    )
    var component: [String] = []

    @Flag(name: .long, help: "Wait until the credential is final and print its height.")
    var wait = false

    func validate() throws {
        if !component.isEmpty && definition == nil {
            throw ValidationError("--component stacks credentials into a pathway: give the pathway as --definition")
        }
        guard (subject == nil) == (saltOut == nil) else {
            throw ValidationError("--subject and --salt-out go together: the learner needs the salt")
        }
    }

    func run() throws {
        if let saltOut { try OutputFile.check(saltOut, option: "--salt-out", force: force) }
        let issuerKey = try readPrivateKey(key, option: "--key")
        let (document, computed) = try CLIInputs.readDocument(credential, option: "--credential", raw: raw)
        let (digest, form) = (computed.digest, computed.form)
        let id =
            try credentialId.map { try CLIInputs.credentialID($0, option: "--credential-id") }
            ?? Self.defaultCredentialID(document)
        let issuedAt = CLIOutput.nowMilliseconds()
        let expiry = try expiresAt.map { try CLIOutput.parseTime($0, option: "--expires-at") }
        if let expiry, expiry <= issuedAt {
            throw CLIFailure.usage(
                "--expires-at \(expiresAt!) is not in the future: a credential cannot expire before it is issued")
        }
        let call = try NodeCall(options)
        try checkIssuerKey(call, issuerKey: issuerKey)
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255, using: &generator) }
        let commitment = DocumentDigest.subjectCommitment(salt: salt, identifier: subject ?? "")
        let transaction = try signedTransaction(by: issuerKey, chainID: try chainID(call)) {
            .issueCredential(
                IssueCredential(
                    credentialID: id, documentDigest: digest, subjectCommitment: commitment, definitionID: definition,
                    issuedAtMilliseconds: issuedAt, expiresAtMilliseconds: expiry, accreditationID: accreditation,
                    route: route,
                    components: try component.map { try CLIInputs.credentialID($0, option: "--component") }))
        }
        if let saltOut {
            try OutputFile.save(
                Array((Hex.encode(salt) + "\n").utf8), to: saltOut, option: "--salt-out", mode: 0o600, force: force)
        }
        let status = try call.submitAndReport(transaction, wait: wait, what: "issuing credential \(id)")
        if options.json {
            CLIOutput.write(
                json: .object([
                    JSONMember("credentialId", .string(id)),
                    JSONMember("documentDigest", .string(digest.hex)),
                    JSONMember("digestForm", .string(form.rawValue)),
                    JSONMember("subjectCommitment", .string(commitment.hex)),
                    JSONMember("transaction", status),
                ]))
        } else {
            CLIOutput.write("credential \(id): document digest \(digest.hex) (\(form.rawValue))")
            if let saltOut { CLIOutput.write("learner's salt written to \(saltOut): give it to the learner") }
            CLIOutput.write(describeSubmission(status, subject: "credential \(id)"))
        }
    }

    /// The anchored form of the document's JSON "id" (say, the UUID of "urn:uuid:…").
    static func defaultCredentialID(_ document: [UInt8]) throws -> String {
        guard let value = try? JSONParser.parse(document), let id = value["id"]?.stringValue, !id.isEmpty else {
            throw CLIFailure.usage("the document has no JSON \"id\" to name the credential: give --credential-id")
        }
        return CredentialIdentifier.anchored(fromPrinted: id)
    }

    /// Refuses early, with a clear message, a key that is not the one registered for `--issuer`.
    private func checkIssuerKey(_ call: NodeCall, issuerKey: P256PrivateKey) throws {
        let issuers = try call.json(try call.get("/v1/issuers"), what: "reading the issuers")["issuers"]?.arrayValue
        guard let record = issuers?.first(where: { $0["issuerId"] == .string(issuer) }) else {
            throw CLIFailure.checkFailed(
                "issuer '\(issuer)' is not registered on this chain; see 'ledger issuer list'")
        }
        guard record["keyId"] == .string(issuerKey.publicKey.keyID.hex) else {
            let current = record["keyId"]?.stringValue ?? "?"
            if let rotatedAt = record["keyRotation"]?["height"]?.unsignedIntegerValue {
                throw CLIFailure.checkFailed(
                    "--key is not issuer '\(issuer)''s current key (key id \(current), rotated in at block "
                        + "\(rotatedAt)): a key rotated away signs nothing",
                    code: "issuer_key_retired")
            }
            throw CLIFailure.checkFailed(
                "--key is not the key registered for issuer '\(issuer)' (registered key id \(current))")
        }
    }
}
