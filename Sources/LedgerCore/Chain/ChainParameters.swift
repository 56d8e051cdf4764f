/// Rules every validator must agree on, fixed in genesis and therefore part of the chain id.
public struct ChainParameters: Sendable, Hashable {
    /// A block may hold at most this many transactions.
    public var transactionsPerBlockMax: UInt32
    /// A block's encoding may be at most this many bytes.
    public var blockBytesMax: UInt32
    /// A block's timestamp may be at most this far ahead of a validating node's clock.
    public var clockDriftMilliseconds: UInt64
    /// A validator-set change that would leave fewer members than this is refused (4 for the member-state sample,
    /// so the federation always tolerates one fault; 1 for a dev chain).
    public var minValidators: UInt16
    /// A proposal to change the validator set can be approved for this many blocks after the block that holds it.
    public var proposalLifetimeBlocks: UInt64

    /// A proposal lives 100,000 blocks: more than 69 days of 60-second heartbeats on an idle chain.
    public static let standardProposalLifetimeBlocks: UInt64 = 100_000

    public static let standard = ChainParameters(
        transactionsPerBlockMax: 10_000, blockBytesMax: 8 * 1024 * 1024, clockDriftMilliseconds: 10_000)

    public init(
        transactionsPerBlockMax: UInt32, blockBytesMax: UInt32, clockDriftMilliseconds: UInt64,
        minValidators: UInt16 = 1, proposalLifetimeBlocks: UInt64 = standardProposalLifetimeBlocks
    ) {
        self.transactionsPerBlockMax = transactionsPerBlockMax
        self.blockBytesMax = blockBytesMax
        self.clockDriftMilliseconds = clockDriftMilliseconds
        self.minValidators = minValidators
        self.proposalLifetimeBlocks = proposalLifetimeBlocks
    }

    /// Refuses parameters outside what `Limits` allows.
    public func validate() throws(FormatError) {
        guard (1...UInt32(Limits.transactionsPerBlockMax)).contains(transactionsPerBlockMax) else {
            throw .invalidValue(
                field: "parameters.maxTransactionsPerBlock", reason: "must be 1…\(Limits.transactionsPerBlockMax)")
        }
        guard (64 * 1024...UInt32(Limits.blockBytesMax)).contains(blockBytesMax) else {
            throw .invalidValue(field: "parameters.maxBlockBytes", reason: "must be 65536…\(Limits.blockBytesMax)")
        }
        guard clockDriftMilliseconds <= Limits.clockDriftMillisecondsMax else {
            throw .invalidValue(
                field: "parameters.clockDriftMilliseconds",
                reason: "must be at most \(Limits.clockDriftMillisecondsMax)")
        }
        guard minValidators >= 1 else {
            throw .invalidValue(field: "parameters.minValidators", reason: "must be 1 or more")
        }
        guard (1...Limits.proposalLifetimeBlocksMax).contains(proposalLifetimeBlocks) else {
            throw .invalidValue(
                field: "parameters.proposalLifetimeBlocks", reason: "must be 1…\(Limits.proposalLifetimeBlocksMax)")
        }
    }
}
