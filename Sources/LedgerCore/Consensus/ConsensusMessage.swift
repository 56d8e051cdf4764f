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
    public func stamped(round: UInt32, genesis: Genesis) -> ProposedBlock {
        var header = self.header
        header.round = round
        header.proposer = genesis.proposer(height: header.height, round: round).keyID
        return ProposedBlock(header: header, transactions: transactions)
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
    public let signer: KeyID
    public let signature: [UInt8]

    public init(
        kind: ConsensusMessageKind, height: UInt64, round: UInt32, digest: SHA256Digest?, preparedRound: UInt32?,
        signer: KeyID, signature: [UInt8]
    ) {
        self.kind = kind
        self.height = height
        self.round = round
        self.digest = digest
        self.preparedRound = preparedRound
        self.signer = signer
        self.signature = signature
    }

    /// The exact bytes signed. COMMIT signs the commit message itself, so a COMMIT's signature is the block's
    /// commit seal; the others sign "mcledger/qbft/v1" ‖ kind ‖ chainId ‖ height ‖ round ‖ fields.
    public static func signedBytes(
        kind: ConsensusMessageKind, chainID: SHA256Digest, height: UInt64, round: UInt32, digest: SHA256Digest?,
        preparedRound: UInt32?
    ) -> [UInt8] {
        if kind == .commit, let digest {
            return CommitMessage.encode(chainID: chainID, height: height, round: round, headerHash: digest)
        }
        var writer = CanonicalWriter(capacity: 96)
        writer.write(raw: DomainTag.consensus.utf8)
        writer.write(kind.rawValue)
        writer.write(chainID)
        writer.write(height)
        writer.write(round)
        writer.write(optional: digest) { $0.write($1) }
        writer.write(optional: preparedRound) { $0.write($1) }
        return writer.bytes
    }

    public func signedBytes(chainID: SHA256Digest) -> [UInt8] {
        Self.signedBytes(
            kind: kind, chainID: chainID, height: height, round: round, digest: digest, preparedRound: preparedRound)
    }

    /// Checks the fields' shape for the kind, and the signature against the signer's genesis key.
    public func isAuthentic(chainID: SHA256Digest, crypto: ConsensusCrypto) -> Bool {
        switch kind {
        case .proposal, .prepare, .commit:
            guard digest != nil, preparedRound == nil else { return false }
        case .roundChange:
            // A round change carries both the prepared round and digest, or neither (QBFT spec validRoundChange).
            guard (digest == nil) == (preparedRound == nil) else { return false }
            if let preparedRound, preparedRound >= round { return false }
        }
        return crypto.verify(signature: signature, message: signedBytes(chainID: chainID), signer: signer)
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
