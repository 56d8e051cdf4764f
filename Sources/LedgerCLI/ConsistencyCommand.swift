import ArgumentParser
import Foundation
import LedgerCore

/// `ledger consistency`: the auditor's check that the ledger at one height is a prefix of the ledger at a later
/// one, trusting nothing but genesis.
struct ConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Check that the ledger only grew between two heights (an RFC 9162 consistency proof).",
        discussion: """
            Fetches both blocks and checks their commit certificates against the validator sets that certified \
            them, each followed from genesis through the node's handoffs, then checks the node's consistency \
            proof between the two ledger roots those headers commit to. Exit status 1 names the failed check.
            """)

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "The earlier height.")
    var from: UInt64

    @Option(name: .long, help: "The later height.")
    var to: UInt64

    @Option(name: .long, help: "The chain's genesis file.")
    var genesis: String

    func validate() throws {
        guard from >= 1, from <= to else { throw ValidationError("need 1 ≤ --from ≤ --to") }
    }

    func run() throws {
        let genesisFile = try CLIOutput.readGenesis(genesis)
        let call = try NodeCall(options)
        let history = try call.validatorHistory(genesis: genesisFile)
        let first = try certifiedHeader(call, height: from, genesis: genesisFile, history: history)
        let second = try certifiedHeader(call, height: to, genesis: genesisFile, history: history)
        let proof = try call.json(
            try call.get("/v1/consistency?from=\(from)&to=\(to)"), what: "fetching the consistency proof")
        let path = (proof["path"]?.arrayValue ?? []).compactMap {
            $0.stringValue.flatMap { try? SHA256Digest(hex: $0) }
        }
        guard path.count == proof["path"]?.arrayValue?.count else {
            throw CLIFailure.checkFailed("consistency check failed: the proof path is not a list of hashes")
        }
        if first.ledgerSize > 0 {
            do {
                try MerkleProofVerifier.verifyConsistency(
                    size1: first.ledgerSize, size2: second.ledgerSize, root1: first.ledgerRoot,
                    root2: second.ledgerRoot, proof: path, hasher: MerkleHasher())
            } catch {
                throw CLIFailure.checkFailed(
                    "consistency check failed: the ledger at height \(to) does not extend the ledger at height "
                        + "\(from): \(error)")
            }
        }
        if options.json {
            CLIOutput.write(
                json: .object([
                    JSONMember("consistent", .bool(true)),
                    JSONMember("fromHeight", .number(Double(from))), JSONMember("toHeight", .number(Double(to))),
                    JSONMember("fromSize", .number(Double(first.ledgerSize))),
                    JSONMember("toSize", .number(Double(second.ledgerSize))),
                    JSONMember("fromRoot", .string(first.ledgerRoot.hex)),
                    JSONMember("toRoot", .string(second.ledgerRoot.hex)),
                ]))
        } else {
            CLIOutput.write(
                "CONSISTENT: the \(second.ledgerSize) transactions at height \(to) extend the \(first.ledgerSize) at "
                    + "height \(from); both blocks carry a quorum of their validator sets' signatures ("
                    + "\(history.epochs.count - 1) handoff(s) followed from genesis)")
        }
    }

    /// A block's header, after checking its certificate against the set that `history` says certified it.
    private func certifiedHeader(_ call: NodeCall, height: UInt64, genesis: Genesis, history: ValidatorHistory)
        throws -> BlockHeader
    {
        let value = try call.json(try call.get("/v1/blocks/\(height)"), what: "fetching block \(height)")
        guard let text = value["encoded"]?.stringValue, let bytes = Base64.decode(text),
            let block = try? Block.decode(bytes)
        else {
            throw CLIFailure.checkFailed("block check failed: the node's block \(height) does not decode")
        }
        guard block.header.height == height else {
            throw CLIFailure.checkFailed("block check failed: asked for height \(height), got \(block.header.height)")
        }
        do {
            let validators: ValidatorSet
            do {
                validators = try history.validators(for: block.header, check: .header)
            } catch {
                throw CLIFailure.checkFailed("validator-set check failed at height \(height): \(error.reason)")
            }
            try block.certificate.verify(header: block.header, chainName: genesis.chainName, validators: validators)
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.checkFailed("certificate check failed at height \(height): \(error)")
        }
        return block.header
    }
}
