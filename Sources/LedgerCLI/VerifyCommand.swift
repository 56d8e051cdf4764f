import ArgumentParser
import Foundation
import LedgerCore

/// `ledger verify PROOF --genesis GENESIS [--status FILE] [--credential FILE] [--subject ID --salt SALT]`: the
/// employer's offline check. PROOF may be a learner's verification package, which brings its document and salt. The exit status is what a script acts on: 0 accept; 1 not authentic; 3 authentic but
/// revoked or expired; 4 suspended; 5 its proven status is older than --max-age.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a proof bundle offline against a genesis file, and optionally the document and the learner.",
        discussion: """
            The status is proven: the credential's record in the status map of a quorum-signed header, normally the \
            latest when the bundle was fetched. Refresh it with 'ledger proof ID --status-only' and pass that file \
            with --status. Exit status 0: authentic and active as of a header at most --max-age old; 1: not \
            authentic (the failing check is named), or the document or learner does not match; 2: usage error; \
            3: authentic, but revoked or expired; 4: authentic, but suspended; 5: authentic, but the proven status \
            is older than --max-age.
            """)

    @Argument(
        help: ArgumentHelp(
            "The proof bundle (mcledger.proof.v2, from 'ledger proof ID --out FILE'), or a learner's package.",
            discussion: "A verification package (mcledger.package.v1, from 'ledger package') carries its document, "
                + "which is then checked, and may carry the salt that --subject needs."))
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

    @Option(name: .long, help: "A newer status proof (mcledger.status.v2, from 'ledger proof ID --status-only').")
    var status: String?

    @Option(
        name: .long,
        help: "The oldest proven status to accept, as the age of its header: e.g. 24h (the default), 90m, 2d, 3600s.")
    var maxAge = "24h"

    @Option(name: .long, help: "Judge expiry and status age at this time (ISO 8601) instead of now.")
    var at: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A recent checkpoint you trust (a signed note, as GET /v1/checkpoint serves it).",
            discussion: "The proof's validator-set handoffs must lead to the set that signed it."))
    var trustCheckpoint: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A file of the validator-set epochs verified before (created if missing, updated on success).",
            discussion: "A proof whose history disagrees with it is refused."))
    var epochsSeen: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard subject != nil || salt == nil else {
            throw ValidationError("--salt goes with --subject: the learner's salt proves the subject")
        }
        guard !raw || credential != nil else { throw ValidationError("--raw applies to --credential FILE") }
    }

    func run() throws {
        let checkTime = try at.map { try CLIOutput.parseTime($0, option: "--at") } ?? CLIOutput.nowMilliseconds()
        let maxAgeMilliseconds = try Self.parseAge(maxAge)
        let (input, genesisFile) = try readInputs()
        let newerStatus = try status.map { try readStatusProof($0) }
        let result: Result<VerifiedProof, ProofFailure>
        switch input {
        case .bundle(let bundle):
            guard subject == nil || salt != nil else {
                throw CLIFailure.usage("--subject needs --salt: the learner's salt proves the subject")
            }
            let document = try credential.map {
                try CLIInputs.readDocument($0, option: "--credential", raw: raw).digest
            }
            let claim = try subject.map { SubjectClaim(identifier: $0, salt: try CLIInputs.readSalt(salt!)) }
            result = ProofVerifier.verify(
                bundleJSON: bundle, genesis: genesisFile, document: document, subject: claim,
                newerStatusJSON: newerStatus)
        case .package(let package):
            result = try verify(package, genesis: genesisFile, newerStatus: newerStatus)
        case .malformedPackage(let error):
            try reject(ProofFailure(check: .format, reason: "the verification package: \(error)"))
        }
        switch result {
        case .success(let verified):
            do {
                try checkTrustAnchors(verified, genesis: genesisFile)
            } catch let failure as ProofFailure {
                try reject(failure)
            }
            let standing = verified.standing(atMilliseconds: checkTime, maxAgeMilliseconds: maxAgeMilliseconds)
            report(verified, standing: standing, genesis: genesisFile, now: checkTime)
            if let failure = Self.failure(for: standing, verified: verified) { throw failure }
        case .failure(let failure):
            try reject(failure)
        }
    }

    /// The pinned checkpoint and the epochs seen before, when given; the seen epochs are then updated.
    private func checkTrustAnchors(_ verified: VerifiedProof, genesis: Genesis) throws {
        let history = verified.history
        if let trustCheckpoint {
            let bytes = try CLIOutput.readFile(trustCheckpoint, what: "trusted checkpoint", bytesMax: 64 * 1024)
            let note: SignedNote
            do {
                note = try SignedNote.parse(bytes)
            } catch {
                throw CLIFailure.usage("--trust-checkpoint \(trustCheckpoint) is not a signed note: \(error)")
            }
            _ = try history.checkPinned(note, genesis: genesis, statusHeader: verified.status.header)
        }
        if let epochsSeen {
            let seen = try EpochsSeenFile.read(epochsSeen, genesis: genesis)
            let merged = try history.merging(seen: seen)
            try verified.checkHeaders(against: merged)
            try EpochsSeenFile.write(merged, to: epochsSeen, genesis: genesis)
        }
    }

    private func reject(_ failure: ProofFailure) throws -> Never {
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

    /// Both files, each checked to be the kind it should be: swapped or wrong files are named for what they are.
    private func readInputs() throws -> (Input, Genesis) {
        let bundle = try CLIOutput.readFile(proof, what: "proof bundle", bytesMax: VerificationPackage.bytesMax)
        let genesisBytes = try CLIOutput.readFile(genesis, what: "genesis file", bytesMax: Limits.proofBundleBytesMax)
        let bundleKind = LedgerFileKind.identify(bundle)
        let genesisKind = LedgerFileKind.identify(genesisBytes)
        if bundleKind == .genesis, genesisKind == .proofBundle {
            throw CLIFailure.usage(
                "the proof bundle and the genesis file are swapped: '\(proof)' is the genesis and '\(genesis)' the "
                    + "proof. Run 'ledger verify \(genesis) --genesis \(proof)'.", code: "swapped_arguments")
        }
        // Known files of another kind are named; anything else goes to the verifier's format check.
        guard [.proofBundle, .verificationPackage, .otherJSON, .other].contains(bundleKind) else {
            throw CLIFailure.usage(
                LedgerFileKind.mismatch(path: proof, option: "PROOF", found: bundleKind, expected: .proofBundle),
                code: "not_a_proof_bundle")
        }
        guard [.genesis, .otherJSON, .other].contains(genesisKind) else {
            throw CLIFailure.usage(
                LedgerFileKind.mismatch(path: genesis, option: "--genesis", found: genesisKind, expected: .genesis),
                code: "not_a_genesis_file")
        }
        let genesisFile = try CLIOutput.parseGenesis(genesisBytes, path: genesis)
        guard bundleKind == .verificationPackage else {
            guard bundle.count <= Limits.proofBundleBytesMax else {
                throw CLIFailure.usage(
                    "proof bundle '\(proof)' is \(bundle.count) bytes, above the limit of \(Limits.proofBundleBytesMax)."
                )
            }
            return (.bundle(bundle), genesisFile)
        }
        do {
            return (.package(try VerificationPackage.parse(json: bundle)), genesisFile)
        } catch {
            return (.malformedPackage(error), genesisFile)
        }
    }

    /// What PROOF held: a bundle, or a learner's verification package (parsed, or why it is not one).
    private enum Input {
        case bundle([UInt8])
        case package(VerificationPackage)
        case malformedPackage(FormatError)
    }

    /// A package carries its document and maybe the salt: --credential is refused, --salt overrides its salt.
    private func verify(_ package: VerificationPackage, genesis: Genesis, newerStatus: [UInt8]?) throws -> Result<
        VerifiedProof, ProofFailure
    > {
        guard credential == nil else {
            throw CLIFailure.usage(
                "--credential: '\(proof)' is a verification package, which carries its document "
                    + "('\(package.documentName)'); drop --credential", code: "package_has_document")
        }
        let salt = try self.salt.map { try CLIInputs.readSalt($0) }
        guard subject == nil || salt != nil || package.salt != nil else {
            throw CLIFailure.usage(
                "--subject needs a salt: '\(proof)' carries none, so pass the learner's with --salt")
        }
        return ProofVerifier.verify(
            package: package, genesis: genesis, subjectIdentifier: subject, salt: salt, newerStatusJSON: newerStatus)
    }

    /// `--max-age`: a number and a unit, s, m, h or d.
    static func parseAge(_ text: String) throws -> UInt64 {
        let units: [Character: UInt64] = ["s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]
        guard let unit = text.last.flatMap({ units[$0] }), let count = UInt64(text.dropLast()),
            case (let product, false) = count.multipliedReportingOverflow(by: unit)
        else {
            throw CLIFailure.usage("--max-age '\(text)' is not a duration such as 24h, 90m, 2d or 3600s")
        }
        return product
    }

    /// The --status file, refused unless it is a status proof.
    private func readStatusProof(_ path: String) throws -> [UInt8] {
        let bytes = try CLIOutput.readFile(path, what: "status proof", bytesMax: Limits.proofBundleBytesMax)
        let kind = LedgerFileKind.identify(bytes)
        guard [.statusProof, .otherJSON, .other].contains(kind) else {
            throw CLIFailure.usage(
                LedgerFileKind.mismatch(path: path, option: "--status", found: kind, expected: .statusProof),
                code: "not_a_status_proof")
        }
        return bytes
    }

    /// The exit for an authentic credential that is not in good standing; nil when it is.
    static func failure(for standing: VerifiedProof.Standing, verified: VerifiedProof) -> CLIFailure? {
        let id = verified.credentialID
        let asOf = "block \(verified.status.header.height)"
        switch standing {
        case .active: return nil
        case .revoked(let reason, let height):
            return CLIFailure(
                code: "revoked",
                message: "credential \(id) is authentic but REVOKED (\(reason)) at block \(height), proven as of "
                    + "\(asOf); do not accept it",
                exitStatus: CLIFailure.revokedOrExpiredExitStatus)
        case .suspended(let reason):
            return CLIFailure(
                code: "suspended",
                message: "credential \(id) is authentic but SUSPENDED (\(reason)) as of \(asOf); do not accept it "
                    + "until the issuer reinstates it",
                exitStatus: CLIFailure.suspendedExitStatus)
        case .statusTooOld(let asOfTime, let maxAge):
            return CLIFailure(
                code: "status_too_old",
                message: "credential \(id) is authentic, but its status is proven only as of \(asOf) at "
                    + "\(CLIOutput.iso8601(milliseconds: asOfTime)), more than \(maxAge / 1_000) s ago; fetch a "
                    + "fresh one with 'ledger proof \(id) --status-only --out FILE' and pass it with --status",
                exitStatus: CLIFailure.statusTooOldExitStatus)
        case .expired(let expiry):
            return CLIFailure(
                code: "expired",
                message: "credential \(id) is authentic but EXPIRED on \(CLIOutput.iso8601(milliseconds: expiry))",
                exitStatus: CLIFailure.revokedOrExpiredExitStatus)
        }
    }
}
