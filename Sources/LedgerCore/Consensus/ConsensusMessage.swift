/// A block as proposed: header and transactions; its digest is the header hash (which commits to txRoot).
public struct ProposedBlock: Sendable, Hashable {
    public let header: BlockHeader
    public let transactions: [SignedTransaction]

    public init(header: BlockHeader, transactions: [SignedTransaction]) {
        self.header = header
        self.transactions = transactions
    }

    public var digest: SHA256Digest { header.hash }

    /// A fresh block stamped for the round it is proposed in: `round` and that round's proposer.
    /// A prepared block is re-proposed unchanged instead, so its header hash, the chain's identity for it,
    /// never depends on the round in which it is finally committed (docs/CONSENSUS.md).
    public func stamped(round: UInt32, validators: ValidatorSet) -> ProposedBlock {
        var header = self.header
        header.round = round
        header.proposer = validators.proposer(height: header.height, round: round).keyID
        return ProposedBlock(header: header, transactions: transactions)
    }
}

/// A ledger tree's size and root, as a header and a checkpoint state them.
public struct LedgerHead: Sendable, Hashable {
    public let size: UInt64
    public let root: SHA256Digest

    public init(size: UInt64, root: SHA256Digest) {
        self.size = size
        self.root = root
    }
}

/// The signed part of every QBFT message: who, which height and round, and which block (or prepared value).
public struct ConsensusVote: Sendable, Hashable {
    public let kind: ConsensusMessageKind
    public let height: UInt64
    public let round: UInt32
    /// The block digest for PROPOSAL, PREPARE and COMMIT; the prepared digest (if any) for ROUND-CHANGE.
    public let digest: SHA256Digest?
    /// ROUND-CHANGE only: the round in which the sender last prepared.
    public let preparedRound: UInt32?
    /// COMMIT only: the committed header's ledger size and root, which the commit checkpoint states, so a COMMIT's
    /// signature can be checked before its block arrives.
    public let ledgerHead: LedgerHead?
    public let signer: KeyID
    public let signature: [UInt8]

    public init(
        kind: ConsensusMessageKind, height: UInt64, round: UInt32, digest: SHA256Digest?, preparedRound: UInt32?,
        ledgerHead: LedgerHead? = nil, signer: KeyID, signature: [UInt8]
    ) {
        self.kind = kind
        self.height = height
        self.round = round
        self.digest = digest
        self.preparedRound = preparedRound
        self.ledgerHead = ledgerHead
        self.signer = signer
        self.signature = signature
    }

    /// The exact bytes signed. COMMIT signs the block's commit checkpoint text, so a COMMIT's signature is the
    /// block's commit seal; the others sign "mcledger/qbft/v1" ‖ kind ‖ chainId ‖ height ‖ round ‖ fields.
    public static func signedBytes(
        kind: ConsensusMessageKind, genesis: Genesis, height: UInt64, round: UInt32, digest: SHA256Digest?,
        preparedRound: UInt32?, ledgerHead: LedgerHead?
    ) -> [UInt8] {
        if kind == .commit, let digest, let ledgerHead {
            let checkpoint = CommitCheckpoint(
                chainName: genesis.chainName, chainID: genesis.chainID, ledgerSize: ledgerHead.size,
                ledgerRoot: ledgerHead.root, height: height, round: round, headerHash: digest)
            return Array(checkpoint.text.utf8)
        }
        var writer = CanonicalWriter(capacity: 96)
        writer.write(raw: DomainTag.consensus.utf8)
        writer.write(kind.rawValue)
        writer.write(genesis.chainID)
        writer.write(height)
        writer.write(round)
        writer.write(optional: digest) { $0.write($1) }
        writer.write(optional: preparedRound) { $0.write($1) }
        return writer.bytes
    }

    public func signedBytes(genesis: Genesis) -> [UInt8] {
        Self.signedBytes(
            kind: kind, genesis: genesis, height: height, round: round, digest: digest, preparedRound: preparedRound,
            ledgerHead: ledgerHead)
    }

    /// Checks the fields' shape for the kind, and the signature against the signer's key in `validators`, the set
    /// S(h) of the vote's height: a vote from anyone else, a removed member included, is not authentic.
    public func isAuthentic(genesis: Genesis, validators: ValidatorSet, crypto: ConsensusCrypto) -> Bool {
        guard let member = validators.validator(keyID: signer) else { return false }
        guard (kind == .commit) == (ledgerHead != nil) else { return false }
        switch kind {
        case .proposal, .prepare, .commit:
            guard digest != nil, preparedRound == nil else { return false }
        case .roundChange:
            // A round change carries both the prepared round and digest, or neither (QBFT spec validRoundChange).
            guard (digest == nil) == (preparedRound == nil) else { return false }
            if let preparedRound, preparedRound >= round { return false }
        }
        return crypto.verify(signature: signature, message: signedBytes(genesis: genesis), signer: member)
    }
}

/// QBFT's messages (EEA QBFT spec, `QbftMessage`), plus a final block for gossip and catch-up.
public enum ConsensusMessage: Sendable, Hashable {
    /// The round's proposer offers a block; for round > 0 it carries the round changes that justify it and,
    /// when re-proposing a prepared block, the prepares that prove it was prepared.
    case proposal(vote: ConsensusVote, block: ProposedBlock, roundChanges: [ConsensusVote], prepares: [ConsensusVote])
    case prepare(ConsensusVote)
    case commit(ConsensusVote)
    /// Asks to move to `vote.round`, reporting the sender's prepared block and its certificate, if any.
    case roundChange(vote: ConsensusVote, preparedBlock: ProposedBlock?, preparedCertificate: [ConsensusVote])
    /// A final block with its commit certificate.
    case finalBlock(Block)

    /// The message's own vote (nil for a final block).
    public var vote: ConsensusVote? {
        switch self {
        case .proposal(let vote, _, _, _), .roundChange(let vote, _, _): vote
        case .prepare(let vote), .commit(let vote): vote
        case .finalBlock: nil
        }
    }

    var isFinalBlock: Bool {
        if case .finalBlock = self { return true }
        return false
    }

    /// The height the message is about.

    public var height: UInt64 {
        switch self {
        case .finalBlock(let block): block.header.height
        default: vote!.height
        }
    }
}
