import LedgerCore

/// What `ledger verify` prints for an authentic bundle: the verdict first, then what was and was not checked.
extension VerifyCommand {
    /// The verdict word of the JSON output, one per exit status.
    static func verdict(_ standing: VerifiedProof.Standing) -> String {
        switch standing {
        case .good: "authentic"
        case .revoked: "revoked"
        case .expired: "expired"
        }
    }

    func report(_ verified: VerifiedProof, standing: VerifiedProof.Standing, genesis: Genesis) {
        let header = verified.header
        let time = CLIOutput.iso8601(milliseconds: header.timestampMilliseconds)
        let status = verified.status
        let expiry = verified.issuance.expiresAtMilliseconds.map { CLIOutput.iso8601(milliseconds: $0) }
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("verdict", .string(Self.verdict(standing))),
                    JSONMember("valid", .bool(standing == .good)), JSONMember("authentic", .bool(true)),
                    JSONMember("credentialId", .string(verified.credentialID)),
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
                    JSONMember("subject", .string(verified.subjectChecked ? "matched" : "not checked")),
                    JSONMember("expiresAt", expiry.map(JSONValue.string) ?? .null),
                    JSONMember(
                        "status",
                        .object([
                            JSONMember("revoked", .bool(status.revoked)),
                            JSONMember("reason", status.revocationReason.map { .string("\($0)") } ?? .null),
                            JSONMember("asOfHeight", .number(Double(status.asOfHeight))),
                            JSONMember("proven", .bool(false)),
                        ])),
                ]))
            return
        }
        let id = verified.credentialID
        switch standing {
        case .good: CLIOutput.write("AUTHENTIC: credential \(id)")
        case .revoked: CLIOutput.write("REVOKED: credential \(id) is authentic, but it has been revoked")
        case .expired: CLIOutput.write("EXPIRED: credential \(id) is authentic, but it has expired")
        }
        CLIOutput.write(
            "  issued by    \(verified.issuerName) (\(verified.issuerID), \(verified.issuerCountry)), registered by "
                + verified.registeredBy)
        CLIOutput.write("  anchored in  block \(header.height) at \(time)")
        CLIOutput.write(
            "  made final   by \(verified.signers.joined(separator: ", ")) (\(verified.signers.count) of "
                + "\(genesis.validatorCount) validators; \(genesis.quorum) needed)")
        if let form = verified.documentForm {
            let name = form == .canonicalJSON ? "RFC 8785 canonical JSON" : "raw bytes"
            CLIOutput.write("  document     matches the anchored digest (\(name))")
        } else {
            CLIOutput.write("  document     not checked (pass --credential FILE to check it)")
        }
        CLIOutput.write(
            verified.subjectChecked
                ? "  learner      matches the anchored commitment (--subject with --salt)"
                : "  learner      not checked (pass --subject ID --salt FILE to check it)")
        CLIOutput.write("  expires      \(expiry.map { standing == .good ? $0 : "\($0): EXPIRED" } ?? "never")")
        let revocation =
            status.revoked ? "REVOKED" + (status.revocationReason.map { " (\($0))" } ?? "") : "not revoked"
        CLIOutput.write(
            "  status       \(revocation) as of height \(status.asOfHeight): the serving node's word, not proven.")
        CLIOutput.write(
            "               Until status proofs exist, confirm with another member state's node:"
                + " ledger status --credential \(id) --node URL")
    }
}
