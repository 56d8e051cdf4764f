import ArgumentParser
import Foundation
import LedgerCore

/// `ledger verify PROOF --genesis GENESIS [--credential FILE] [--subject ID --salt SALT]`: the employer's offline
/// check. The exit status is what a script acts on: 0 accept, 1 not authentic, 3 authentic but revoked or expired.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a proof bundle offline against a genesis file, and optionally the document and the learner.",
        discussion: """
            Exit status 0: authentic, and neither known revoked nor expired; 1: not authentic (the failing check is \
            named), or the document or learner does not match; 2: usage error; 3: authentic, but revoked or \
            expired. Revocation is the serving node's word until status proofs exist: ask a second member \
            state's node ('ledger status --credential ID --node URL') to be sure.
            """)

    @Argument(help: "The proof bundle (mcledger.proof.v1 JSON, from 'ledger proof ID --out FILE').")
    var proof: String

    @Option(name: .long, help: "The chain's genesis file.")
    var genesis: String

    @Option(name: .long, help: "The credential document, to check it is the one anchored.")
    var credential: String?

    @Flag(name: .long, help: "With --credential: take the document's raw bytes (for one anchored with --raw).")
    var raw = false

    @Option(name: .long, help: "The learner's identifier, as the issuer recorded it (e.g. an email).")
    var subject: String?

    @Option(name: .long, help: "With --subject: the learner's salt, a file from 'ledger issue --salt-out' or hex.")
    var salt: String?

    @Option(name: .long, help: "Judge expiry at this time (ISO 8601, e.g. 2027-01-31T12:00:00Z) instead of now.")
    var at: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (subject == nil) == (salt == nil) else {
            throw ValidationError("--subject and --salt go together: the learner's salt proves the subject")
        }
        guard !raw || credential != nil else { throw ValidationError("--raw applies to --credential FILE") }
    }

    func run() throws {
        let checkTime = try at.map { try CLIOutput.parseTime($0, option: "--at") } ?? CLIOutput.nowMilliseconds()
        let (bundle, genesisFile) = try readInputs()
        let document = try credential.map { try CLIInputs.readDocument($0, option: "--credential", raw: raw).digest }
        let claim = try subject.map { SubjectClaim(identifier: $0, salt: try CLIInputs.readSalt(salt!)) }
        switch ProofVerifier.verify(bundleJSON: bundle, genesis: genesisFile, document: document, subject: claim) {
        case .success(let verified):
            let standing = verified.standing(atMilliseconds: checkTime)
            report(verified, standing: standing, genesis: genesisFile)
            if let failure = Self.failure(for: standing, verified: verified) { throw failure }
        case .failure(let failure):
            if json {
                CLIOutput.write(
                    json: .object([
                        JSONMember("verdict", .string("not-authentic")), JSONMember("valid", .bool(false)),
                        JSONMember("check", .string(failure.check.rawValue)),
                        JSONMember("reason", .string(failure.reason)),
                    ]))
            } else {
                CLIOutput.write("NOT AUTHENTIC: \(failure)")
            }
            throw CLIFailure.checkFailed(
                "proof rejected by the \(failure.check.rawValue) check; do not accept this credential",
                code: failure.check.rawValue)
        }
    }

    /// Both files, each checked to be the kind it should be: swapped or wrong files are named for what they are.
    private func readInputs() throws -> ([UInt8], Genesis) {
        let bundle = try CLIOutput.readFile(proof, what: "proof bundle", bytesMax: Limits.proofBundleBytesMax)
        let genesisBytes = try CLIOutput.readFile(genesis, what: "genesis file", bytesMax: Limits.proofBundleBytesMax)
        let bundleKind = LedgerFileKind.identify(bundle)
        let genesisKind = LedgerFileKind.identify(genesisBytes)
        if bundleKind == .genesis, genesisKind == .proofBundle {
            throw CLIFailure.usage(
                "the proof bundle and the genesis file are swapped: '\(proof)' is the genesis and '\(genesis)' the "
                    + "proof. Run 'ledger verify \(genesis) --genesis \(proof)'.", code: "swapped_arguments")
        }
        // Known files of another kind are named; anything else goes to the verifier's format check.
        guard [.proofBundle, .otherJSON, .other].contains(bundleKind) else {
            throw CLIFailure.usage(
                LedgerFileKind.mismatch(path: proof, option: "PROOF", found: bundleKind, expected: .proofBundle),
                code: "not_a_proof_bundle")
        }
        guard [.genesis, .otherJSON, .other].contains(genesisKind) else {
            throw CLIFailure.usage(
                LedgerFileKind.mismatch(path: genesis, option: "--genesis", found: genesisKind, expected: .genesis),
                code: "not_a_genesis_file")
        }
        return (bundle, try CLIOutput.parseGenesis(genesisBytes, path: genesis))
    }

    /// Exit 3 for an authentic credential that is not in good standing; nil when it is.
    static func failure(for standing: VerifiedProof.Standing, verified: VerifiedProof) -> CLIFailure? {
        let id = verified.credentialID
        switch standing {
        case .good: return nil
        case .revoked(let reason):
            return CLIFailure(
                code: "revoked",
                message: "credential \(id) is authentic but REVOKED\(reason.map { " (\($0))" } ?? ""), as reported "
                    + "by the node at height \(verified.status.asOfHeight); do not accept it",
                exitStatus: CLIFailure.revokedOrExpiredExitStatus)
        case .expired(let expiry):
            return CLIFailure(
                code: "expired",
                message: "credential \(id) is authentic but EXPIRED on \(CLIOutput.iso8601(milliseconds: expiry))",
                exitStatus: CLIFailure.revokedOrExpiredExitStatus)
        }
    }
}
