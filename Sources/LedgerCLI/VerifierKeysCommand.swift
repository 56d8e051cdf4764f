import ArgumentParser
import LedgerCore

/// `ledger vkeys --genesis G`: each validator's signed-note verifier key (c2sp.org/signed-note §Verifier keys,
/// signature type 0x02), the keys any signed-note verifier needs to check a block's commit checkpoint.
struct VerifierKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vkeys",
        abstract: "Print each validator's signed-note verifier key (vkey), for checking commit checkpoints.")

    @Option(name: .long, help: "The chain's genesis file.")
    var genesis: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A node's API URL: print the current validator set's keys instead of genesis's.",
            discussion: "The set is followed from genesis through the node's handoffs, each checked (GET /v1/handoffs)."
        ))
    var node: String?

    @Flag(name: .long, help: "Print JSON instead of one vkey per line.")
    var json = false

    func run() throws {
        let chain = try CLIOutput.readGenesis(genesis)
        var set = chain.validatorSet
        if let node {
            set = try NodeCall(node: node).validatorHistory(genesis: chain).latest.validators
        }
        let keys = CommitNote.verifierKeys(set)
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember(
                        "origin", .string(CommitCheckpoint.origin(chainName: chain.chainName, chainID: chain.chainID))),
                    JSONMember(
                        "validators",
                        .array(
                            keys.map { key in
                                .object([
                                    JSONMember("name", .string(key.keyName)), JSONMember("keyId", .string(key.hexID)),
                                    JSONMember("vkey", .string(key.encoded)),
                                ])
                            })),
                ]))
        } else {
            for key in keys { CLIOutput.write(key.encoded) }
        }
    }
}
