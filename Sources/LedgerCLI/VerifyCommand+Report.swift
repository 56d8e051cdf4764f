import LedgerCore

/// What `ledger verify` prints for an authentic bundle: the verdict first, then what was and was not checked.
extension VerifyCommand {
    /// The verdict word of the JSON output, one per exit status.
    static func verdict(_ standing: VerifiedProof.Standing) -> String {
        switch standing {
        case .active: "authentic"
        case .revoked: "revoked"
        case .expired: "expired"
        case .suspended: "suspended"
        case .statusTooOld: "status-too-old"
        }
    }

    /// The proven record in words: "active", "SUSPENDED (feesOutstanding) since block 7", ….
    static func describe(_ record: StatusRecord.CredentialStatus) -> String {
        switch record.state {
        case .active: "active"
        case .suspended:
            "SUSPENDED (\(SuspensionReason(rawValue: record.reasonCode) ?? .unspecified)) since block "
                + "\(record.changedAtHeight)"
        case .revoked:
            "REVOKED (\(RevocationReason(rawValue: record.reasonCode) ?? .unspecified)) at block \(record.changedAtHeight)"
        }
    }

    func report(_ verified: VerifiedProof, standing: VerifiedProof.Standing, genesis: Genesis, now: UInt64) {
        let header = verified.header
        let signingSet = verified.history.epoch(atHeight: header.height).validators
        let time = CLIOutput.iso8601(milliseconds: header.timestampMilliseconds)
        let status = verified.status
        let asOfTime = CLIOutput.iso8601(milliseconds: status.header.timestampMilliseconds)
        let ageSeconds =
            now > status.header.timestampMilliseconds ? (now - status.header.timestampMilliseconds) / 1_000 : 0
        let expiry = verified.issuance.expiresAtMilliseconds.map { CLIOutput.iso8601(milliseconds: $0) }
        if json {
            CLIOutput.write(
                json: .object(
                    [
                        JSONMember("verdict", .string(Self.verdict(standing))),
                        JSONMember("valid", .bool(standing == .active)), JSONMember("authentic", .bool(true)),
                        JSONMember("credentialId", .string(verified.credentialID)),
                        JSONMember("kind", .string(verified.transaction.body.payload.kind.description)),
                        JSONMember(
                            "issuer",
                            .object([
                                JSONMember("id", .string(verified.issuerID)),
                                JSONMember("name", .string(verified.issuerName)),
                                JSONMember("country", .string(verified.issuerCountry)),
                                JSONMember("registeredBy", .string(verified.registeredBy)),
                                JSONMember("standing", .string(status.issuer.state.description)),
                            ])),
                        JSONMember("height", .number(Double(header.height))), JSONMember("timestamp", .string(time)),
                        JSONMember("signers", .array(verified.signers.map(JSONValue.string))),
                        JSONMember("quorum", .number(Double(signingSet.quorum))),
                        JSONMember("epoch", .number(Double(verified.epoch))),
                        JSONMember(
                            "document",
                            .string(verified.documentForm.map { "matched (\($0.rawValue))" } ?? "not checked")),
                        JSONMember("subject", .string(verified.subjectChecked ? "matched" : "not checked")),
                        JSONMember("expiresAt", expiry.map(JSONValue.string) ?? .null),
                        JSONMember("status", Self.statusJSON(status, ageSeconds: ageSeconds, asOfTime: asOfTime)),
                    ] + Self.registryJSON(verified.registry, issuance: verified.issuance)))
            return
        }
        let id = verified.credentialID
        switch standing {
        case .active: CLIOutput.write("AUTHENTIC: credential \(id)")
        case .revoked: CLIOutput.write("REVOKED: credential \(id) is authentic, but it has been revoked")
        case .expired: CLIOutput.write("EXPIRED: credential \(id) is authentic, but it has expired")
        case .suspended: CLIOutput.write("SUSPENDED: credential \(id) is authentic, but it is suspended")
        case .statusTooOld:
            CLIOutput.write("STATUS TOO OLD: credential \(id) is authentic, but its proven status is too old")
        }
        CLIOutput.write(
            "  issued by    \(verified.issuerName) (\(verified.issuerID), \(verified.issuerCountry)), registered by "
                + verified.registeredBy)
        if status.issuer.state != .active {
            CLIOutput.write(
                "  issuer now   \(status.issuer.state.description.uppercased()) since block "
                    + "\(status.issuer.changedAtHeight) (credentials it issued before stay valid unless revoked)")
        }
        if status.issuer.keyID != verified.transaction.body.authorKeyID {
            CLIOutput.write(
                "  issuer key   signed with a key the issuer has since rotated away (its signature stays valid)")
        }
        CLIOutput.write("  anchored in  block \(header.height) at \(time)")
        for line in Self.registryLines(verified.registry, issuance: verified.issuance) { CLIOutput.write(line) }
        CLIOutput.write(
            "  made final   by \(verified.signers.joined(separator: ", ")) (\(verified.signers.count) of "
                + "\(signingSet.count) validators; \(signingSet.quorum) needed"
                + (verified.epoch > 0 ? "; epoch \(verified.epoch), \(verified.epoch) handoff(s) from genesis)" : ")"))
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
        let expired = { if case .expired = standing { true } else { false } }()
        CLIOutput.write("  expires      \(expiry.map { expired ? "\($0): EXPIRED" : $0 } ?? "never")")
        CLIOutput.write(
            "  status       \(Self.describe(status.credential)) as of block \(status.header.height) at \(asOfTime) "
                + "(\(ageSeconds) s before the check), proven by \(status.signers.joined(separator: ", "))")
    }

    static func statusJSON(_ status: VerifiedStatus, ageSeconds: UInt64, asOfTime: String) -> JSONValue {
        let record = status.credential
        let reason: JSONValue =
            switch record.state {
            case .active: .null
            case .suspended: .string("\(SuspensionReason(rawValue: record.reasonCode) ?? .unspecified)")
            case .revoked: .string("\(RevocationReason(rawValue: record.reasonCode) ?? .unspecified)")
            }
        return .object([
            JSONMember("state", .string(record.state.description)), JSONMember("reason", reason),
            JSONMember("changedAtHeight", .number(Double(record.changedAtHeight))),
            JSONMember("revoked", .bool(record.state == .revoked)),
            JSONMember("asOfHeight", .number(Double(status.header.height))), JSONMember("asOfTime", .string(asOfTime)),
            JSONMember("ageSeconds", .number(Double(ageSeconds))), JSONMember("proven", .bool(true)),
            JSONMember("signers", .array(status.signers.map(JSONValue.string))),
        ])
    }
}
