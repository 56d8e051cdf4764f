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
        machines = try keys.map { key in
            try QBFTStateMachine(
                configuration: ConsensusConfiguration(
                    genesis: genesis, roundTimeoutBaseTicks: 4, roundTimeoutCapTicks: 64, retransmitIntervalTicks: 8),
                crypto: ECDSAConsensusCrypto(key: key), tip: ChainTip.genesis(genesis),
                recovered: nil)
        }
    }

    /// The shell's answer to `.validate`: the chain rules on top of the machine's tip, an hour after genesis.
    func isValid(_ block: ProposedBlock, tip: ChainTip) -> Bool {
        let result = try? ChainRules.validateProposal(
            header: block.header, transactions: block.transactions, parent: tip,
            parentStatus: StatusMap(chainID: genesis.chainID), genesis: genesis,
            registry: InMemoryRegistry(genesis: genesis),
            localTimeMilliseconds: genesis.genesisTimeMilliseconds + 3_600_000)
        if case .success = result { return true }
        return false
    }

    /// Hands `input` to validator `index` and, like a shell, answers every `.validate` it asks; returns the other
    /// actions, in order (what a shell would carry out).
    func handle(_ input: ConsensusInput, at index: Int) -> [ConsensusAction] {
        var inputs = [input]
        var all: [ConsensusAction] = []
        while !inputs.isEmpty {
            let actions = machines[index].handle(inputs.removeFirst())
            all += actions.filter { if case .validate = $0 { false } else { true } }
            for case .validate(let block) in actions {
                inputs.append(.validated(blockHash: block.digest, valid: isValid(block, tip: machines[index].tip)))
            }
        }
        return all
    }

    /// A fresh machine for validator `index` resuming from `state` (a restart).
    func restarted(_ index: Int, tip: ChainTip, state: ConsensusState?) throws -> QBFTStateMachine {
        try QBFTStateMachine(
            configuration: configuration, crypto: ECDSAConsensusCrypto(key: keys[index]), tip: tip,
            recovered: state)
    }

    func keyID(_ index: Int) -> KeyID { keys[index].publicKey.keyID }

    /// Index of the proposer for (height, round).
    func proposer(height: UInt64, round: UInt32) -> Int {
        keys.firstIndex { $0.publicKey.keyID == genesis.validatorSet.proposer(height: height, round: round).keyID }!
    }

    /// An empty block for height 1 stamped for `round`, timestamped `offset` ms after genesis.
    func block(round: UInt32, offset: UInt64 = 1_000) -> ProposedBlock {
        let header = BlockBuilder.header(
            parent: ChainTip.genesis(genesis), genesis: genesis, transactions: [],
            statusRoot: StatusMap(chainID: genesis.chainID).root,
            timestampMilliseconds: genesis.genesisTimeMilliseconds + offset, round: round)
        return ProposedBlock(header: header, transactions: [])
    }

    /// The ledger head of the harness's empty blocks: no leaves.
    static let emptyLedgerHead = LedgerHead(size: 0, root: MerkleAccumulator().root(hasher: MerkleHasher()))

    /// A vote signed by validator `index` (any message a validator could really send, or equivocate with). A
    /// COMMIT states the empty blocks' ledger head unless told another.
    func vote(
        _ index: Int, _ kind: ConsensusMessageKind, height: UInt64 = 1, round: UInt32, digest: SHA256Digest?,
        preparedRound: UInt32? = nil, ledgerHead: LedgerHead? = nil
    ) -> ConsensusVote {
        let head = kind == .commit ? ledgerHead ?? Self.emptyLedgerHead : nil
        let bytes = ConsensusVote.signedBytes(
            kind: kind, genesis: genesis, height: height, round: round, digest: digest, preparedRound: preparedRound,
            ledgerHead: head)
        return ConsensusVote(
            kind: kind, height: height, round: round, digest: digest, preparedRound: preparedRound, ledgerHead: head,
            signer: keyID(index), signature: try! keys[index].sign(message: bytes))
    }

    /// Delivers `message` to validator `index`; returns its actions.
    @discardableResult
    func deliver(_ message: ConsensusMessage, to index: Int, from sender: Int? = nil) -> [ConsensusAction] {
        handle(.message(message, from: sender.map(keyID)), at: index)
    }

    /// Ticks validator `index` `count` times; returns all actions.
    func tick(_ index: Int, _ count: Int = 1) -> [ConsensusAction] {
        (0..<count).flatMap { _ in handle(.tick, at: index) }
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
