import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger issuer`: the institutions allowed to issue, registered by member-state authorities.
struct IssuerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issuer",
        abstract: "Register an issuing institution, list them, change one's standing or key, or revoke a range.",
        subcommands: [
            IssuerRegisterCommand.self, IssuerListCommand.self, IssuerSuspendCommand.self, IssuerReinstateCommand.self,
            IssuerDeregisterCommand.self, IssuerRotateKeyCommand.self, IssuerRevokeRangeCommand.self,
        ])
}

/// `ledger issuer register`: an authority (a genesis validator's key) registers an institution's key.
struct IssuerRegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register an institution as an issuer, signed with an authority's (a validator's) key.")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The authority's private key: a genesis validator's .key.pem.")
    var key: String

    @Option(name: .long, help: "The institution's id on the chain (A-Z a-z 0-9 - . _ ~, at most 64).")
    var issuerId: String

    @Option(name: .long, help: "The institution's display name.")
    var name: String

    @Option(name: .long, help: "ISO 3166-1 alpha-2 code of the accrediting member state, e.g. JM.")
    var country: String

    @Option(name: .long, help: "The institution's public key (.pub.pem from 'ledger keygen').")
    var issuerPublicKey: String

    @Option(name: .long, help: "Accreditation notes (optional).")
    var notes = ""

    @Flag(name: .long, help: "Wait until the registration is final and print its height.")
    var wait = false

    func run() throws {
        let authority = try readPrivateKey(key, option: "--key")
        let issuerKey: P256PublicKey
        do {
            issuerKey = try KeyFile.readPublicKey(path: issuerPublicKey)
        } catch {
            throw CLIFailure.usage("--issuer-public-key \(issuerPublicKey): \(error)")
        }
        let call = try NodeCall(options)
        let chainID = try chainID(call)
        try refuseIfRegistered(call)
        let transaction = try signedTransaction(by: authority, chainID: chainID) {
            .registerIssuer(
                RegisterIssuer(
                    issuerID: issuerId, displayName: name, country: country, publicKey: issuerKey.spkiDER,
                    accreditationNotes: notes))
        }
        let status: JSONValue
        do {
            status = try call.submitAndReport(transaction, wait: wait, what: "registering issuer \(issuerId)")
        } catch let failure as CLIFailure where failure.code == "duplicate_transaction" {
            // The same registration, signed again, has the same id: it is already on the chain or pending.
            throw CLIFailure.checkFailed(
                "issuer '\(issuerId)' is already registered with this registration; nothing new was submitted",
                code: "issuer_already_registered")
        }
        if options.json {
            CLIOutput.write(json: status)
        } else {
            CLIOutput.write(describeSubmission(status, subject: "issuer \(issuerId) (key \(issuerKey.keyID.hex))"))
        }
    }

    /// An issuer id or key already on the chain is refused here, in those words, before anything is signed.
    private func refuseIfRegistered(_ call: NodeCall) throws {
        let issuers = try call.json(try call.get("/v1/issuers"), what: "reading the issuers")["issuers"]?.arrayValue
        guard let record = issuers?.first(where: { $0["issuerId"] == .string(issuerId) }) else { return }
        let field = { (key: String) in record[key]?.stringValue ?? "?" }
        throw CLIFailure.checkFailed(
            "issuer '\(issuerId)' is already registered (\(field("displayName")), \(field("country")), key "
                + "\(field("keyId")), registered by \(field("registeredBy")) at height "
                + "\(record["height"]?.unsignedIntegerValue ?? 0)); see 'ledger issuer list'",
            code: "issuer_already_registered")
    }
}

/// `ledger issuer list`: who may issue, and which authority vouched for them.
struct IssuerListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the registered issuers and the authorities that registered them.")

    @OptionGroup var options: NodeOptions

    func run() throws {
        let call = try NodeCall(options)
        let value = try call.json(try call.get("/v1/issuers"), what: "listing issuers")
        if options.json {
            CLIOutput.write(json: value)
            return
        }
        let issuers = value["issuers"]?.arrayValue ?? []
        if issuers.isEmpty { CLIOutput.write("no issuers are registered yet") }
        for issuer in issuers {
            let field = { (key: String) in issuer[key]?.stringValue ?? "?" }
            CLIOutput.write(
                "\(field("issuerId"))  \(field("displayName")) (\(field("country"))), \(field("standing")), registered by "
                    + "\(field("registeredBy")) at height \(issuer["height"]?.unsignedIntegerValue ?? 0), key \(field("keyId"))"
            )
        }
    }
}

/// Signs a transaction for the chain `chainID`; a field the format refuses is a usage error, and
/// failures already phrased for the user (reading a credential id, say) pass through unchanged.
func signedTransaction(
    by signer: P256PrivateKey, chainID: SHA256Digest, payload: () throws -> TransactionPayload
) throws -> SignedTransaction {
    do {
        let body = try TransactionBody(
            chainID: chainID, authorKeyID: signer.publicKey.keyID, payload: try payload())
        return try SignedTransaction.sign(body, with: signer)
    } catch let failure as CLIFailure {
        throw failure
    } catch {
        throw CLIFailure.usage("\(error)")
    }
}

/// The chain id the node serves, from GET /v1/head.
func chainID(_ call: NodeCall) throws -> SHA256Digest {
    let head = try call.json(try call.get("/v1/head"), what: "reading the node's head")
    guard let text = head["chainId"]?.stringValue, let chainID = try? SHA256Digest(hex: text) else {
        throw CLIFailure.checkFailed("the node at \(call.client.baseURL) did not return a chain id")
    }
    return chainID
}
