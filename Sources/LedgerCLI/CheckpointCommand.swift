import ArgumentParser
import Foundation
import LedgerCore

/// `ledger checkpoint --node URL`: the latest final block's commit checkpoint, a signed note.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print the latest final block's commit checkpoint: a signed note any signed-note verifier checks.",
        discussion: """
            The note is printed exactly as the node serves it (GET /v1/checkpoint). With --genesis it is checked \
            first: this chain's checkpoint, signed by a quorum of the current validator set, which is followed from \
            genesis through the node's handoffs (GET /v1/handoffs).
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "Check the note against this genesis file before printing it.")
    var genesis: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --genesis: record the node's validator-set epochs, checked from genesis, in this file.",
            discussion: "Give the same file to 'ledger verify --epochs-seen' to refuse proofs from a forged history."))
    var epochsSeen: String?

    func validate() throws {
        guard epochsSeen == nil || genesis != nil else { throw ValidationError("--epochs-seen needs --genesis") }
    }

    func run() throws {
        let chain = try genesis.map { try CLIOutput.readGenesis($0) }
        let call = try NodeCall(options)
        let reply = try call.get("/v1/checkpoint")
        guard reply.status == 200 else { throw NodeCall.failure(reply, what: "reading the checkpoint") }
        let note: SignedNote
        do {
            note = try SignedNote.parse(reply.body)
        } catch {
            throw CLIFailure.checkFailed("the node returned something that is not a signed note: \(error)")
        }
        var signers: [String] = []
        var checkpoint: CommitCheckpoint?
        if let chain {
            do {
                let history = try call.validatorHistory(genesis: chain)
                let verified = try CommitNote.verify(note, genesis: chain, validators: history.latest.validators)
                if let epochsSeen {
                    let seen = try EpochsSeenFile.read(epochsSeen, genesis: chain)
                    try EpochsSeenFile.write(try history.merging(seen: seen), to: epochsSeen, genesis: chain)
                }
                (checkpoint, signers) = (verified.checkpoint, verified.signers.map(\.name))
            } catch {
                throw CLIFailure.checkFailed("the checkpoint does not verify against \(genesis!): \(error)")
            }
        }
        guard options.json else {
            FileHandle.standardOutput.write(Data(reply.body))
            return
        }
        var members = [JSONMember("note", .string(note.encoded)), JSONMember("verified", .bool(checkpoint != nil))]
        if let checkpoint {
            members += [
                JSONMember("height", .number(Double(checkpoint.height))),
                JSONMember("ledgerSize", .number(Double(checkpoint.ledgerSize))),
                JSONMember("headerHash", .string(checkpoint.headerHash.hex)),
                JSONMember("signers", .array(signers.map { .string($0) })),
            ]
        }
        CLIOutput.write(json: .object(members))
    }
}
