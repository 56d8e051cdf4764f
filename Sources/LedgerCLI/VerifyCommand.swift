import ArgumentParser
import LedgerCore

/// `ledger verify PROOF --genesis GENESIS [--credential FILE]`: the employer's offline check.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a proof bundle offline against a genesis file, and optionally the credential document.",
        discussion: "Exit status 0: authentic; 1: a check failed (the failing check is named); 2: usage error.")

    @Argument(help: "The proof bundle (mcledger.proof.v1 JSON).")
    var proof: String

    @Option(name: .long, help: "The chain's genesis file.")
    var genesis: String

    @Option(name: .long, help: "The credential document, to check it is the one anchored.")
    var credential: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let genesisFile = try CLIOutput.readGenesis(genesis)
        let bundle = try CLIOutput.readFile(proof, what: "proof bundle", bytesMax: Limits.proofBundleBytesMax)
        let document = try credential.map {
            try CLIOutput.readFile($0, what: "credential document", bytesMax: Limits.credentialDocumentBytesMax)
        }
        switch ProofVerifier.verify(bundleJSON: bundle, genesis: genesisFile, document: document) {
        case .success(let verified): report(verified, genesis: genesisFile)
        case .failure(let failure):
            if json {
                CLIOutput.write(
                    json: .object([
                        JSONMember("valid", .bool(false)), JSONMember("check", .string(failure.check.rawValue)),
                        JSONMember("reason", .string(failure.reason)),
                    ]))
            } else {
                CLIOutput.write("INVALID: \(failure)")
            }
            throw CLIFailure.checkFailed(
                "proof rejected by the \(failure.check.rawValue) check; do not accept this credential")
        }
    }

    private func report(_ verified: VerifiedProof, genesis: Genesis) {
        let header = verified.header
        let time = CLIOutput.iso8601(milliseconds: header.timestampMilliseconds)
        let status = verified.status
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("valid", .bool(true)),
                    JSONMember("credentialId", verified.credentialID.map(JSONValue.string) ?? .null),
                    JSONMember("kind", .string(verified.transaction.body.payload.kind.description)),
                    JSONMember(
                        "issuer",
                        .object([
                            JSONMember("id", .string(verified.issuerID)),
                            JSONMember("name", .string(verified.issuerName)),
                            JSONMember("country", .string(verified.issuerCountry)),
                            JSONMember("registeredBy", .string(verified.registeredBy)),
                        ])),
                    JSONMember("height", .number(Double(header.height))), JSONMember("timestamp", .string(time)),
                    JSONMember("signers", .array(verified.signers.map(JSONValue.string))),
                    JSONMember("quorum", .number(Double(genesis.quorum))),
                    JSONMember(
                        "document", .string(verified.documentForm.map { "matched (\($0.rawValue))" } ?? "not checked")),
                    JSONMember(
                        "status",
                        .object([
                            JSONMember("revoked", .bool(status.revoked)),
                            JSONMember("asOfHeight", .number(Double(status.asOfHeight))),
                            JSONMember("proven", .bool(false)),
                        ])),
                ]))
            return
        }
        CLIOutput.write("AUTHENTIC: credential \(verified.credentialID ?? verified.transaction.id.hex)")
        CLIOutput.write(
            "  issued by    \(verified.issuerName) (\(verified.issuerID), \(verified.issuerCountry)), registered by \(verified.registeredBy)"
        )
        CLIOutput.write("  anchored in  block \(header.height) at \(time)")
        CLIOutput.write(
            "  made final   by \(verified.signers.joined(separator: ", ")) (\(verified.signers.count) of \(genesis.validatorCount) validators; \(genesis.quorum) needed)"
        )
        if let form = verified.documentForm {
            CLIOutput.write(
                "  document     matches the anchored digest (\(form == .canonicalJSON ? "RFC 8785 canonical JSON" : "raw bytes"))"
            )
        } else {
            CLIOutput.write("  document     not checked (pass --credential FILE to check it)")
        }
        let revocation = status.revoked ? "REVOKED" + (status.revocationReason.map { " (\($0))" } ?? "") : "not revoked"
        CLIOutput.write(
            "  status       \(revocation) as of height \(status.asOfHeight), as reported by the node (not proven)")
    }
}
