import ArgumentParser
import Foundation
import LedgerCore

/// `ledger status`: a node's health, or where a transaction or credential stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a node's status, or a transaction's (--transaction) or credential's (--credential).",
        discussion: "Exit status 1 if the node is halted or the transaction or credential is unknown.")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "A transaction id (64 hex).")
    var transaction: String?

    @Option(name: .long, help: "A credential id.")
    var credential: String?

    func validate() throws {
        guard transaction == nil || credential == nil else {
            throw ValidationError("give at most one of --transaction and --credential")
        }
    }

    func run() throws {
        let call = try NodeCall(options)
        if let transaction {
            let value = try call.json(try call.get("/v1/transactions/\(transaction)"), what: "transaction status")
            output(value) {
                let location = $0["height"]?.unsignedIntegerValue.map { " at height \($0)" } ?? ""
                let reason = $0["reason"]?.stringValue.map { ": \($0)" } ?? ""
                return "transaction \(transaction): \($0["status"]?.stringValue ?? "?")\(location)\(reason)"
            }
        } else if let printed = self.credential {
            let credential = try CLIInputs.credentialID(printed, option: "--credential")
            let value = try call.json(try call.get("/v1/credentials/\(credential)"), what: "credential status")
            output(value) {
                let state =
                    switch $0["state"]?.stringValue {
                    case "revoked": "REVOKED (\($0["revocation"]?["reason"]?.stringValue ?? "?"))"
                    case "suspended": "SUSPENDED (\($0["suspension"]?["reason"]?.stringValue ?? "?"))"
                    default: "valid, neither revoked nor suspended"
                    }
                return "credential \(credential) from issuer \($0["issuerId"]?.stringValue ?? "?"), issued at height "
                    + "\($0["height"]?.unsignedIntegerValue ?? 0): \(state)"
            }
        } else {
            let health = try call.get("/healthz")
            let head = try call.json(try call.get("/v1/head"), what: "node status")
            output(head) {
                let node = $0["node"]
                return """
                    node \(node?["name"]?.stringValue ?? "?") (\(node?["validator"] == .bool(true) ? "validator" : "observer")): \
                    \(health.status == 200 ? "healthy" : "HALTED")
                    chain \($0["chainName"]?.stringValue ?? "?") at height \($0["height"]?.unsignedIntegerValue ?? 0), \
                    round \($0["round"]?.unsignedIntegerValue ?? 0), \($0["peers"]?.unsignedIntegerValue ?? 0) peers, \
                    \($0["mempool"]?.unsignedIntegerValue ?? 0) pending transactions
                    """
            }
            if health.status != 200 {
                throw CLIFailure.checkFailed("the node has halted: \(health.json["reason"] ?? .null)")
            }
        }
    }

    private func output(_ value: JSONValue, text: (JSONValue) -> String) {
        if options.json { CLIOutput.write(json: value) } else { CLIOutput.write(text(value)) }
    }
}

/// `ledger head`: the chain's tip as a node reports it.
struct HeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "head", abstract: "Show the chain's head: height, header hash, time and ledger size.")

    @OptionGroup var options: NodeOptions

    func run() throws {
        let call = try NodeCall(options)
        let head = try call.json(try call.get("/v1/head"), what: "reading the head")
        if options.json {
            CLIOutput.write(json: head)
            return
        }
        let time = head["timestamp"]?.unsignedIntegerValue.map { CLIOutput.iso8601(milliseconds: $0) } ?? "?"
        CLIOutput.write(
            """
            chain \(head["chainName"]?.stringValue ?? "?") (\(head["chainId"]?.stringValue ?? "?"))
            height \(head["height"]?.unsignedIntegerValue ?? 0), header \(head["headerHash"]?.stringValue ?? "?"), at \(time)
            \(head["ledgerSize"]?.unsignedIntegerValue ?? 0) transactions in the ledger
            """)
    }
}

/// `ledger proof CREDENTIAL_ID`: fetch the proof bundle a verifier checks offline.
struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Fetch a credential's proof bundle (mcledger.proof.v2), to check offline with 'ledger verify'.")

    @Argument(help: "The credential id.")
    var credentialID: String

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "Write the bundle here instead of to standard output; an existing file needs --force.")
    var out: String?

    @Flag(name: .long, help: "Replace an existing output file instead of refusing.")
    var force = false

    @Flag(
        name: .long,
        help: "Fetch only a fresh status proof (mcledger.status.v2), to pass with 'ledger verify BUNDLE --status FILE'."
    )
    var statusOnly = false

    @Option(name: .long, help: "With --status-only: prove the status as of this retained block instead of the latest.")
    var height: UInt64?

    func validate() throws {
        guard height == nil || statusOnly else { throw ValidationError("--height applies to --status-only") }
        guard height != 0 else { throw ValidationError("--height must be a block height, 1 or more") }
    }

    func run() throws {
        if let out { try OutputFile.check(out, option: "--out", force: force) }
        let call = try NodeCall(options)
        let credentialID = try CLIInputs.credentialID(self.credentialID, option: "CREDENTIAL_ID")
        let what = statusOnly ? "status proof" : "proof"
        let query = height.map { "?height=\($0)" } ?? ""
        let reply = try call.get("/v1/credentials/\(credentialID)/\(statusOnly ? "status" : "proof")\(query)")
        _ = try call.json(reply, what: "fetching the \(what) of \(credentialID)")
        do {
            if statusOnly {
                _ = try StatusProofDocument.parse(json: reply.body)
            } else {
                _ = try ProofBundle.parse(json: reply.body)
            }
        } catch {
            throw CLIFailure.checkFailed("the node returned something that is not a \(what): \(error)")
        }
        guard let out else {
            FileHandle.standardOutput.write(Data(reply.body))
            return
        }
        try OutputFile.save(reply.body, to: out, option: "--out", mode: 0o644, force: force)
        if options.json {
            CLIOutput.write(
                json: .object([JSONMember("credentialId", .string(credentialID)), JSONMember("path", .string(out))]))
        } else {
            CLIOutput.write(
                statusOnly
                    ? "wrote the status proof of \(credentialID) to \(out); use it with 'ledger verify BUNDLE "
                        + "--genesis GENESIS --status \(out)'"
                    : "wrote the proof of \(credentialID) to \(out); check it with 'ledger verify \(out) --genesis "
                        + "GENESIS'")
        }
    }
}
