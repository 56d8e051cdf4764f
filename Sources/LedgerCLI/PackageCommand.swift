import ArgumentParser
import Foundation
import LedgerCore

/// `ledger package CREDENTIAL_ID --credential DOC [--salt FILE] --node URL --out FILE`: the learner's one file for
/// an employer (mcledger.package.v1): the document, a fresh v2 proof bundle from the node, and optionally the salt.
/// The document must be the one anchored, so a learner never hands over a package that fails for that reason.
struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Write a verification package: the credential document, its proof bundle and optionally the salt.",
        discussion: """
            The employer drops the package on the verifier page (/verify, or a saved 'ledger verifier-page'), or \
            runs 'ledger verify PACKAGE --genesis GENESIS'. With --salt, the employer can also check that the \
            credential was issued to the identifier the learner gives them; without it, only the document is bound.
            """)

    @Argument(help: "The credential id.")
    var credentialID: String

    @Option(name: .long, help: "The credential document the issuer gave the learner (checked against the ledger).")
    var credential: String

    @Option(name: .long, help: "The learner's salt, a file from 'ledger issue --salt-out' or hex, to include.")
    var salt: String?

    @Option(name: .long, help: "The package's media type for the document (e.g. application/pdf); optional.")
    var mediaType: String?

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "Where to write the package; an existing file needs --force.")
    var out: String

    @Flag(name: .long, help: "Replace an existing output file instead of refusing.")
    var force = false

    func run() throws {
        try OutputFile.check(out, option: "--out", force: force)
        let credentialID = try CLIInputs.credentialID(self.credentialID, option: "CREDENTIAL_ID")
        let document = try CLIInputs.readDocument(credential, option: "--credential", raw: false)
        let salt = try self.salt.map { try CLIInputs.readSalt($0) }
        let call = try NodeCall(options)
        let reply = try call.get("/v1/credentials/\(credentialID)/proof")
        let bundleJSON = try call.json(reply, what: "fetching the proof of \(credentialID)")
        let bundle: ProofBundle
        do {
            bundle = try ProofBundle.parse(json: reply.body)
        } catch {
            throw CLIFailure.checkFailed("the node returned something that is not a proof bundle: \(error)")
        }
        guard let anchored = bundle.transaction.documentDigest, anchored == document.digest.digest else {
            throw CLIFailure.checkFailed(
                "--credential \(credential) is not the document anchored for \(credentialID): its digest "
                    + "(\(document.digest.form.rawValue)) is \(Hex.encode(document.digest.digest.bytes)), the "
                    + "ledger's is \(bundle.transaction.documentDigest.map { Hex.encode($0.bytes) } ?? "absent"). "
                    + "Give the file exactly as the issuer sent it.", code: "document_mismatch")
        }
        let package = VerificationPackage(
            credentialID: credentialID, documentName: (credential as NSString).lastPathComponent,
            mediaType: mediaType, document: document.bytes, bundle: bundleJSON, salt: salt)
        try OutputFile.save(
            Array((JSONWriter.pretty(package.json) + "\n").utf8), to: out, option: "--out", mode: 0o644, force: force)
        if options.json {
            CLIOutput.write(
                json: .object([
                    JSONMember("credentialId", .string(credentialID)), JSONMember("path", .string(out)),
                    JSONMember("salt", .bool(salt != nil)),
                ]))
        } else {
            CLIOutput.write(
                "wrote the verification package of \(credentialID) to \(out) (the document, its proof"
                    + (salt == nil ? "; no salt, so the recipient cannot be checked)" : " and the learner's salt)")
                    + "; an employer checks it on the verifier page or with 'ledger verify \(out) --genesis GENESIS'")
        }
    }
}
