import ArgumentParser
import LedgerCore

/// The options of `ledger issuer suspend | reinstate | deregister`: the registering authority's key and the issuer.
struct IssuerStandingOptions: ParsableArguments {
    @OptionGroup var node: NodeOptions

    @Option(name: .long, help: "The key of the authority (validator) that registered the issuer.")
    var key: String

    @Option(name: .long, help: "The issuer's id.")
    var issuerId: String

    @Flag(name: .long, help: "Wait until the change is final and print its height.")
    var wait = false

    /// Signs and submits the change to `standing`, and reports it.
    func submit(_ standing: IssuerState, verb: String) throws {
        let authority = try readPrivateKey(key, option: "--key")
        try NodeCall(node).submitAndPrint(
            by: authority, json: node.json, wait: wait, what: "\(verb) issuer \(issuerId)",
            subject: "issuer \(issuerId) \(standing)"
        ) {
            .changeIssuerStanding(
                ChangeIssuerStanding(
                    issuerID: issuerId, standing: standing, decidedAtMilliseconds: CLIOutput.nowMilliseconds()))
        }
    }
}

/// `ledger issuer suspend`: the issuer may not issue until reinstated; its credentials stay valid.
struct IssuerSuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend an issuer (signed by the authority that registered it): it cannot issue until reinstated.")

    @OptionGroup var options: IssuerStandingOptions

    func run() throws { try options.submit(.suspended, verb: "suspending") }
}

/// `ledger issuer reinstate`: a suspended issuer may issue again.
struct IssuerReinstateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reinstate", abstract: "Reinstate a suspended issuer (signed by the authority that registered it)."
    )

    @OptionGroup var options: IssuerStandingOptions

    func run() throws { try options.submit(.active, verb: "reinstating") }
}

/// `ledger issuer deregister`: final; the issuer's past credentials stay valid unless revoked.
struct IssuerDeregisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deregister",
        abstract: "Deregister an issuer for good (signed by the authority that registered it); past credentials stay.")

    @OptionGroup var options: IssuerStandingOptions

    func run() throws { try options.submit(.deregistered, verb: "deregistering") }
}
