import ArgumentParser
import LedgerClient
import LedgerCore

/// `ledger revoke`: the issuer, or the authority that registered it, withdraws a credential for good.
struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a credential (final), signed by its issuer or the authority that registered it.")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The issuer's (or registering authority's) private key.")
    var key: String

    @Option(name: .long, help: "The credential to revoke.")
    var credentialId: String

    @Option(name: .long, help: "Why: \(CredentialStatusChange.names(RevocationReason.allCases)).")
    var reason = "unspecified"

    @Flag(name: .long, help: "Wait until the revocation is final and print its height.")
    var wait = false

    func run() throws {
        let revocationReason = try CredentialStatusChange.reason(reason, among: RevocationReason.allCases)
        try CredentialStatusChange.submit(
            options: options, key: key, credentialID: credentialId, wait: wait,
            subject: "revocation of \(credentialId) (\(reason))", what: "revoking credential \(credentialId)"
        ) { .revokeCredential(RevokeCredential(credentialID: $0, reason: revocationReason)) }
    }
}

/// `ledger suspend`: the issuer, or the authority that registered it, suspends a credential until it is
/// reinstated (or revoked).
struct SuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend a credential (reversible), signed by its issuer or the authority that registered it.")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The issuer's (or registering authority's) private key.")
    var key: String

    @Option(name: .long, help: "The credential to suspend.")
    var credentialId: String

    @Option(name: .long, help: "Why: \(CredentialStatusChange.names(SuspensionReason.allCases)).")
    var reason = "unspecified"

    @Flag(name: .long, help: "Wait until the suspension is final and print its height.")
    var wait = false

    func run() throws {
        let suspensionReason = try CredentialStatusChange.reason(reason, among: SuspensionReason.allCases)
        try CredentialStatusChange.submit(
            options: options, key: key, credentialID: credentialId, wait: wait,
            subject: "suspension of \(credentialId) (\(reason))", what: "suspending credential \(credentialId)"
        ) {
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

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The issuer's (or registering authority's) private key.")
    var key: String

    @Option(name: .long, help: "The suspended credential to reinstate.")
    var credentialId: String

    @Flag(name: .long, help: "Wait until the reinstatement is final and print its height.")
    var wait = false

    func run() throws {
        try CredentialStatusChange.submit(
            options: options, key: key, credentialID: credentialId, wait: wait,
            subject: "reinstatement of \(credentialId)", what: "reinstating credential \(credentialId)"
        ) {
            .reinstateCredential(
                ReinstateCredential(credentialID: $0, decidedAtMilliseconds: CLIOutput.nowMilliseconds()))
        }
    }
}

/// What `revoke`, `suspend` and `reinstate` share: reading the reason and the key, signing, submitting.
enum CredentialStatusChange {
    static func names<Reason>(_ reasons: [Reason]) -> String { reasons.map { "\($0)" }.joined(separator: ", ") }

    static func reason<Reason>(_ name: String, among reasons: [Reason]) throws -> Reason {
        guard let reason = reasons.first(where: { "\($0)" == name }) else {
            throw CLIFailure.usage("--reason '\(name)' is not one of \(names(reasons))")
        }
        return reason
    }

    static func submit(
        options: NodeOptions, key: String, credentialID: String, wait: Bool, subject: String, what: String,
        payload: (String) -> TransactionPayload
    ) throws {
        let signer = try readPrivateKey(key, option: "--key")
        let call = try NodeCall(options)
        let transaction: SignedTransaction
        do {
            let body = try TransactionBody(
                chainID: try chainID(call), authorKeyID: signer.publicKey.keyID,
                payload: payload(try CLIInputs.credentialID(credentialID, option: "--credential-id")))
            transaction = try SignedTransaction.sign(body, with: signer)
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.usage("\(error)")
        }
        let status = try call.submitAndReport(transaction, wait: wait, what: what)
        if options.json {
            CLIOutput.write(json: status)
        } else {
            CLIOutput.write(describeSubmission(status, subject: subject))
        }
    }
}
