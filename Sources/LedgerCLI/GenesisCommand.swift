import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger genesis`: writes the founding file of a chain from validators' public keys.
struct GenesisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genesis",
        abstract: "Write a genesis file: chain name, validators (NAME=PUB.pem, in proposer order) and parameters.")

    @Option(name: .long, help: "Chain name: 1–64 characters from A-Z a-z 0-9 - . _ ~")
    var chainName: String

    @Option(name: .long, help: "A validator as NAME=PATH-TO-PUBLIC-KEY.pem; repeat for each, in rotation order.")
    var validator: [String] = []

    @Option(name: .long, help: "Where to write genesis.json; an existing file is refused unless --force.")
    var out: String

    @Flag(name: .long, help: "Replace an existing output file instead of refusing.")
    var force = false

    @Option(name: .long, help: "Genesis time in ms since the Unix epoch (default: now).")
    var genesisTime: UInt64?

    @Option(name: .long, help: "Most transactions in one block.")
    var maxTransactionsPerBlock: UInt32 = ChainParameters.standard.transactionsPerBlockMax

    @Option(name: .long, help: "Most bytes in one block.")
    var maxBlockBytes: UInt32 = ChainParameters.standard.blockBytesMax

    @Option(name: .long, help: "How far ahead of a node's clock a block timestamp may be, in ms.")
    var clockDriftMilliseconds: UInt64 = ChainParameters.standard.clockDriftMilliseconds

    @Option(
        name: .long,
        help: "A validator-set change that would leave fewer validators than this is refused (4 keeps f ≥ 1).")
    var minValidators: UInt16 = 1

    @Option(name: .long, help: "Blocks after its own in which a validator-set proposal can still be approved.")
    var proposalLifetimeBlocks: UInt64 = ChainParameters.standardProposalLifetimeBlocks

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        guard !validator.isEmpty else { throw CLIFailure.usage("give at least one --validator NAME=PUB.pem") }
        try OutputFile.check(out, option: "--out", force: force)
        var validators: [(name: String, publicKey: P256PublicKey)] = []
        for entry in validator {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw CLIFailure.usage("--validator '\(entry)' must look like NAME=PATH-TO-PUBLIC-KEY.pem")
            }
            let path = String(entry[entry.index(after: equals)...])
            do {
                validators.append((String(entry[..<equals]), try KeyFile.readPublicKey(path: path)))
            } catch {
                throw CLIFailure.usage("--validator \(entry): \(error). Give the .pub.pem written by 'ledger keygen'.")
            }
        }
        let time = genesisTime ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let genesis: Genesis
        do {
            genesis = try Genesis(
                chainName: chainName, genesisTimeMilliseconds: time, validators: validators,
                parameters: ChainParameters(
                    transactionsPerBlockMax: maxTransactionsPerBlock, blockBytesMax: maxBlockBytes,
                    clockDriftMilliseconds: clockDriftMilliseconds, minValidators: minValidators,
                    proposalLifetimeBlocks: proposalLifetimeBlocks))
        } catch {
            throw CLIFailure.usage("\(error)")
        }
        try OutputFile.save(Array(genesis.json.utf8), to: out, option: "--out", mode: 0o644, force: force)
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("path", .string(out)), JSONMember("chainId", .string(genesis.chainID.hex)),
                    JSONMember("validators", .number(Double(genesis.validatorSet.count))),
                    JSONMember("quorum", .number(Double(genesis.validatorSet.quorum))),
                    JSONMember("faultTolerance", .number(Double(genesis.validatorSet.faultTolerance))),
                    JSONMember("minValidators", .number(Double(genesis.parameters.minValidators))),
                ]))
        } else {
            CLIOutput.write("wrote \(out): chain \(chainName), id \(genesis.chainID.hex)")
            CLIOutput.write(
                "\(genesis.validatorSet.count) validators; a block is final with \(genesis.validatorSet.quorum) "
                    + "signatures; tolerates \(genesis.validatorSet.faultTolerance) faulty; changes by vote keep at "
                    + "least \(genesis.parameters.minValidators)")
        }
    }
}
