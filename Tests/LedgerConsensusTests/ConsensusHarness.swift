import LedgerCore

/// n validators' state machines with real ECDSA keys, driven by hand: for one-rule-at-a-time spec tests.
final class ConsensusHarness {
    let keys: [P256PrivateKey]
    let genesis: Genesis
    let configuration: ConsensusConfiguration
    var machines: [QBFTStateMachine]

    init(validators: Int = 4) throws {
        keys = try (0..<validators).map { _ in try P256PrivateKey.generate() }
        genesis = try Genesis(
            chainName: "spec", genesisTimeMilliseconds: 1_700_000_000_000,
            validators: keys.enumerated().map { ("v\($0.offset)", $0.element.publicKey) }, parameters: .standard)
        configuration = ConsensusConfiguration(
            genesis: genesis, roundTimeoutBaseTicks: 4, roundTimeoutCapTicks: 64, retransmitIntervalTicks: 8)
        let genesis = self.genesis
        let registry = InMemoryRegistry(genesis: genesis)
        let validator: BlockValidator = { block, tip in
            let result = try? ChainRules.validateProposal(
                header: block.header, transactions: block.transactions, parent: tip, genesis: genesis,
                registry: registry,
                localTimeMilliseconds: genesis.genesisTimeMilliseconds + 3_600_000)
            if case .success = result { return true }
            return false
        }
        machines = try keys.map { key in
            try QBFTStateMachine(
                configuration: ConsensusConfiguration(
                    genesis: genesis, roundTimeoutBaseTicks: 4, roundTimeoutCapTicks: 64, retransmitIntervalTicks: 8),
                crypto: ECDSAConsensusCrypto(key: key, genesis: genesis), tip: ChainTip.genesis(genesis),
                recovered: nil,
                validateBlock: validator)
        }
        self.validator = validator
    }

    let validator: BlockValidator

    /// A fresh machine for validator `index` resuming from `state` (a restart).
    func restarted(_ index: Int, tip: ChainTip, state: ConsensusState?) throws -> QBFTStateMachine {
        try QBFTStateMachine(
            configuration: configuration, crypto: ECDSAConsensusCrypto(key: keys[index], genesis: genesis), tip: tip,
            recovered: state,
            validateBlock: validator)
    }

    func keyID(_ index: Int) -> KeyID { keys[index].publicKey.keyID }

    /// Index of the proposer for (height, round).
    func proposer(height: UInt64, round: UInt32) -> Int {
        keys.firstIndex { $0.publicKey.keyID == genesis.proposer(height: height, round: round).keyID }!
    }

    /// An empty block for height 1 stamped for `round`, timestamped `offset` ms after genesis.
    func block(round: UInt32, offset: UInt64 = 1_000) -> ProposedBlock {
        let header = BlockBuilder.header(
            parent: ChainTip.genesis(genesis), genesis: genesis, transactions: [],
            timestampMilliseconds: genesis.genesisTimeMilliseconds + offset, round: round)
        return ProposedBlock(header: header, transactions: [])
    }

    /// A vote signed by validator `index` (any message a validator could really send, or equivocate with).
    func vote(
        _ index: Int, _ kind: ConsensusMessageKind, height: UInt64 = 1, round: UInt32, digest: SHA256Digest?,
        preparedRound: UInt32? = nil
    ) -> ConsensusVote {
        let bytes = ConsensusVote.signedBytes(
            kind: kind, chainID: genesis.chainID, height: height, round: round, digest: digest,
            preparedRound: preparedRound)
        return ConsensusVote(
            kind: kind, height: height, round: round, digest: digest, preparedRound: preparedRound,
            signer: keyID(index),
            signature: try! keys[index].sign(message: bytes))
    }

    /// Delivers `message` to validator `index`; returns its actions.
    @discardableResult
    func deliver(_ message: ConsensusMessage, to index: Int, from sender: Int? = nil) -> [ConsensusAction] {
        machines[index].handle(.message(message, from: sender.map(keyID)))
    }

    /// Ticks validator `index` `count` times; returns all actions.
    func tick(_ index: Int, _ count: Int = 1) -> [ConsensusAction] {
        (0..<count).flatMap { _ in machines[index].handle(.tick) }
    }

    static func broadcasts(_ actions: [ConsensusAction]) -> [ConsensusMessage] {
        actions.compactMap { if case .broadcast(let message) = $0 { return message } else { return nil } }
    }

    static func commits(_ actions: [ConsensusAction]) -> [Block] {
        actions.compactMap { if case .commit(let block) = $0 { return block } else { return nil } }
    }

    static func faults(_ actions: [ConsensusAction]) -> [PeerFault] {
        actions.compactMap { if case .peerFault(_, let fault) = $0 { return fault } else { return nil } }
    }
}
