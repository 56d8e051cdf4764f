import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger validator`: member states join and leave the validator set by on-chain vote (docs/OPERATIONS.md,
/// "A member state joins").
struct ValidatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validator",
        abstract: "Propose and approve validator-set changes, and list the set and the pending proposals.",
        subcommands: [
            ValidatorPossessionCommand.self, ValidatorProposeCommand.self, ValidatorApproveCommand.self,
            ValidatorProposalsCommand.self, ValidatorListCommand.self,
        ])
}

/// `ledger validator possession`: the joining member signs, with its new key, the proof that it holds it.
struct ValidatorPossessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "possession",
        abstract: "Sign the proof of possession a proposal to add you needs, with your new validator key.",
        discussion: """
            Run by the joining member state, offline: the signature covers the chain id, the name, the country \
            and the public key, so it cannot be replayed for another chain or another member. Hand the printed \
            value to the member that proposes you (ledger validator propose --proof-of-possession).
            """)

    @Option(name: .long, help: "The chain's genesis file.")
    var genesis: String

    @Option(name: .long, help: "Your name in the validator set (A-Z a-z 0-9 - . _ ~, at most 64).")
    var name: String

    @Option(name: .long, help: "ISO 3166-1 alpha-2 code of your member state, e.g. BB.")
    var country: String

    @Option(name: .long, help: "Your new validator key (.key.pem from 'ledger keygen').")
    var key: String

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let chain = try CLIOutput.readGenesis(genesis)
        let newKey = try readPrivateKey(key, option: "--key")
        let addition: ValidatorAddition
        do {
            addition = try ValidatorAddition.signed(name: name, country: country, key: newKey, chainID: chain.chainID)
            _ = try TransactionBody(
                chainID: chain.chainID, authorKeyID: newKey.publicKey.keyID,
                payload: .proposeValidatorChange(
                    ProposeValidatorChange(change: .add(addition), proposedAtMilliseconds: 0)))
        } catch {
            throw CLIFailure.usage("\(error)")
        }
        let proof = Base64.encode(addition.proofOfPossession)
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("name", .string(name)), JSONMember("country", .string(country)),
                    JSONMember("keyId", .string(newKey.publicKey.keyID.hex)),
                    JSONMember("proofOfPossession", .string(proof)),
                ]))
        } else {
            CLIOutput.write(proof)
        }
    }
}

/// `ledger validator propose`: a current validator proposes adding or removing one member.
struct ValidatorProposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Propose adding a member state (--add) or removing one (--remove), signed with your validator key.",
        discussion: """
            The proposal counts as your approval. It passes once ⌈2n/3⌉ of the current n validators approve it \
            ('ledger validator approve'), and the new set signs from the next block.
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "Your validator (authority) key: a current member's .key.pem.")
    var key: String

    @Option(name: .long, help: "The member state to add: its name in the set.")
    var add: String?

    @Option(name: .long, help: "ISO 3166-1 alpha-2 code of the member state to add.")
    var country: String?

    @Option(name: .long, help: "The new member's public key (.pub.pem).")
    var publicKey: String?

    @Option(name: .long, help: "The new member's proof of possession ('ledger validator possession' prints it).")
    var proofOfPossession: String?

    @Option(name: .long, help: "The member to remove: its name in the set.")
    var remove: String?

    @Flag(name: .long, help: "Wait until the proposal is final and print its height.")
    var wait = false

    func validate() throws {
        guard (add == nil) != (remove == nil) else {
            throw ValidationError("give exactly one of --add NAME and --remove NAME")
        }
        if add != nil {
            guard country != nil, publicKey != nil, proofOfPossession != nil else {
                throw ValidationError("--add needs --country, --public-key and --proof-of-possession")
            }
        } else if country != nil || publicKey != nil || proofOfPossession != nil {
            throw ValidationError("--country, --public-key and --proof-of-possession go with --add, not --remove")
        }
    }

    func run() throws {
        let authority = try readPrivateKey(key, option: "--key")
        let change: ValidatorChange
        if let add, let country, let publicKey, let proofOfPossession {
            let newKey: P256PublicKey
            do {
                newKey = try KeyFile.readPublicKey(path: publicKey)
            } catch {
                throw CLIFailure.usage("--public-key \(publicKey): \(error)")
            }
            guard let proof = Base64.decode(proofOfPossession.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw CLIFailure.usage(
                    "--proof-of-possession is not base64; give what 'ledger validator possession' printed")
            }
            change = .add(
                ValidatorAddition(name: add, country: country, publicKey: newKey.spkiDER, proofOfPossession: proof))
        } else {
            change = .remove(name: remove!)
        }
        let call = try NodeCall(options)
        let chainID = try chainID(call)
        let transaction = try signedTransaction(by: authority, chainID: chainID) {
            .proposeValidatorChange(
                ProposeValidatorChange(
                    change: change, proposedAtMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000)))
        }
        let status = try call.submitAndReport(transaction, wait: wait, what: "proposing to \(change)")
        if options.json {
            CLIOutput.write(json: status)
        } else {
            CLIOutput.write(describeSubmission(status, subject: "proposal \(transaction.id.hex) to \(change)"))
            CLIOutput.write(
                "others approve it with: ledger validator approve \(transaction.id.hex) --key THEIR_VALIDATOR_KEY")
        }
    }
}

/// `ledger validator approve`: a current validator approves a pending proposal.
struct ValidatorApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a pending validator-set proposal, signed with your validator key.")

    @OptionGroup var options: NodeOptions

    @Argument(help: "The proposal's id (the proposing transaction's id; 'ledger validator proposals' lists them).")
    var proposal: String

    @Option(name: .long, help: "Your validator (authority) key: a current member's .key.pem.")
    var key: String

    @Flag(name: .long, help: "Wait until the approval is final and print its height.")
    var wait = false

    func run() throws {
        guard let id = try? SHA256Digest(hex: proposal) else {
            throw CLIFailure.usage("'\(proposal)' is not a proposal id (64 hex digits)")
        }
        let authority = try readPrivateKey(key, option: "--key")
        let call = try NodeCall(options)
        let chainID = try chainID(call)
        let transaction = try signedTransaction(by: authority, chainID: chainID) {
            .approveValidatorChange(ApproveValidatorChange(proposalID: id))
        }
        let status = try call.submitAndReport(transaction, wait: wait, what: "approving proposal \(proposal)")
        if options.json {
            CLIOutput.write(json: status)
            return
        }
        CLIOutput.write(describeSubmission(status, subject: "approval of \(proposal)"))
        if wait, let height = status["height"]?.unsignedIntegerValue {
            let after = try call.json(try call.get("/v1/validators"), what: "reading the validator set")
            if after["epochStartHeight"]?.unsignedIntegerValue == height + 1 {
                CLIOutput.write(
                    "the change passed at height \(height): epoch \(after["epoch"]?.unsignedIntegerValue ?? 0) "
                        + "begins at \(height + 1) with \(after["validators"]?.arrayValue?.count ?? 0) validators")
            }
        }
    }
}

/// `ledger validator proposals`: what is pending, and how many approvals each still needs.
struct ValidatorProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals", abstract: "List the pending validator-set proposals and their approvals.")

    @OptionGroup var options: NodeOptions

    func run() throws {
        let call = try NodeCall(options)
        let value = try call.json(try call.get("/v1/proposals"), what: "listing proposals")
        if options.json {
            CLIOutput.write(json: value)
            return
        }
        let proposals = value["proposals"]?.arrayValue ?? []
        if proposals.isEmpty { CLIOutput.write("no validator-set proposals are pending") }
        for proposal in proposals {
            let change = proposal["change"]
            let action = change?["action"]?.stringValue ?? "?"
            let name = change?["name"]?.stringValue ?? "?"
            let country = change?["country"]?.stringValue.map { " (\($0))" } ?? ""
            let approvals = proposal["approvals"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let needed = proposal["approvalsNeeded"]?.unsignedIntegerValue ?? 0
            CLIOutput.write(
                "\(proposal["id"]?.stringValue ?? "?")  \(action) \(name)\(country), proposed by "
                    + "\(proposal["proposedBy"]?.stringValue ?? "?") at height "
                    + "\(proposal["height"]?.unsignedIntegerValue ?? 0); \(approvals.count) of \(needed) approvals "
                    + "(\(approvals.joined(separator: ", "))); open until height "
                    + "\(proposal["lastApprovalHeight"]?.unsignedIntegerValue ?? 0)")
        }
    }
}

/// `ledger validator list`: the set at a height (by default the one signing the next block).
struct ValidatorListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the validator set that certifies a block (default: the next one).")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The block height whose certifying set to list.")
    var at: UInt64?

    func run() throws {
        let call = try NodeCall(options)
        let path = at.map { "/v1/validators?height=\($0)" } ?? "/v1/validators"
        let value = try call.json(try call.get(path), what: "listing validators")
        if options.json {
            CLIOutput.write(json: value)
            return
        }
        let number = { (key: String) in value[key]?.unsignedIntegerValue ?? 0 }
        let members = value["validators"]?.arrayValue ?? []
        CLIOutput.write(
            "height \(number("height")): epoch \(number("epoch")) (since height \(number("epochStartHeight"))), "
                + "\(members.count) validators, quorum \(number("quorum")), tolerates \(number("faultTolerance")) "
                + "faulty; set \(value["validatorSetHash"]?.stringValue ?? "?")")
        for member in members {
            let country = member["country"]?.stringValue.map { " (\($0))" } ?? ""
            CLIOutput.write(
                "  \(member["name"]?.stringValue ?? "?")\(country)  key \(member["keyId"]?.stringValue ?? "?")")
        }
    }
}
