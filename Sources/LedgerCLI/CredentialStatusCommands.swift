import ArgumentParser
import LedgerClient
import LedgerCore

/// `ledger revoke`: the issuer, or the authority that registered it, withdraws a credential for good.
struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a credential (final), signed by its issuer or the authority that registered it.")

    @OptionGroup var change: CredentialChangeOptions

    @Option(name: .long, help: "Why: \(CredentialChangeOptions.names(RevocationReason.allCases)).")
    var reason = "unspecified"

    func run() throws {
        let revocationReason = try CredentialChangeOptions.reason(reason, among: RevocationReason.allCases)
        try change.submit(subject: "revocation of \(change.credentialId) (\(reason))", what: "revoking") {
            .revokeCredential(RevokeCredential(credentialID: $0, reason: revocationReason))
        }
    }
}

/// `ledger suspend`: the issuer, or the authority that registered it, suspends a credential until it is
/// reinstated (or revoked).
struct SuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend a credential (reversible), signed by its issuer or the authority that registered it.")

    @OptionGroup var change: CredentialChangeOptions

    @Option(name: .long, help: "Why: \(CredentialChangeOptions.names(SuspensionReason.allCases)).")
    var reason = "unspecified"

    func run() throws {
        let suspensionReason = try CredentialChangeOptions.reason(reason, among: SuspensionReason.allCases)
        try change.submit(subject: "suspension of \(change.credentialId) (\(reason))", what: "suspending") {
            .suspendCredential(
                SuspendCredential(
                    credentialID: $0, reason: suspensionReason, decidedAtMilliseconds: CLIOutput.nowMilliseconds()))
        }
    }
}

/// `ledger reinstate`: ends a credential's suspension.
struct ReinstateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reinstate",
        abstract: "End a credential's suspension, signed by its issuer or the authority that registered it.")

    @OptionGroup var change: CredentialChangeOptions

    func run() throws {
        try change.submit(subject: "reinstatement of \(change.credentialId)", what: "reinstating") {
            .reinstateCredential(
                ReinstateCredential(credentialID: $0, decidedAtMilliseconds: CLIOutput.nowMilliseconds()))
        }
    }
}

/// What `revoke`, `suspend` and `reinstate` share: the node, the signing key, the credential and `--wait`, and
/// signing and submitting the change.
struct CredentialChangeOptions: ParsableArguments {
    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The issuer's (or registering authority's) private key.")
    var key: String

    @Option(name: .long, help: "The credential whose status changes.")
    var credentialId: String

    @Flag(name: .long, help: "Wait until the change is final and print its height.")
    var wait = false

    static func names<Reason>(_ reasons: [Reason]) -> String { reasons.map { "\($0)" }.joined(separator: ", ") }

    static func reason<Reason>(_ name: String, among reasons: [Reason]) throws -> Reason {
        guard let reason = reasons.first(where: { "\($0)" == name }) else {
            throw CLIFailure.usage("--reason '\(name)' is not one of \(names(reasons))")
        }
        return reason
    }

    func submit(subject: String, what: String, payload: (String) -> TransactionPayload) throws {
        let signer = try readPrivateKey(key, option: "--key")
        let call = try NodeCall(options)
        let transaction = try signedTransaction(by: signer, chainID: try chainID(call)) {
            payload(try CLIInputs.credentialID(credentialId, option: "--credential-id"))
        }
        let status = try call.submitAndReport(transaction, wait: wait, what: "\(what) credential \(credentialId)")
        if options.json {
            CLIOutput.write(json: status)
        } else {
            CLIOutput.write(describeSubmission(status, subject: subject))
        }
    }
}
