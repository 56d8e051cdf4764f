/// What validating the next block needs to know about the chain so far.
public struct ChainTip: Sendable, Hashable {
    /// 0 at genesis.
    public let height: UInt64
    /// The last header's hash; the chain id at genesis.
    public let headerHash: SHA256Digest
    /// The last block's timestamp; the genesis time at genesis.
    public let timestampMilliseconds: UInt64
    /// The ledger tree's compact range after the last block.
    public let ledger: MerkleAccumulator
    /// The validator set that certifies the next block, and the pending proposals to change it.
    public let governance: ValidatorGovernance

    public init(
        height: UInt64, headerHash: SHA256Digest, timestampMilliseconds: UInt64, ledger: MerkleAccumulator,
        governance: ValidatorGovernance
    ) {
        self.height = height
        self.headerHash = headerHash
        self.timestampMilliseconds = timestampMilliseconds
        self.ledger = ledger
        self.governance = governance
    }

    /// S(height + 1): the set that certifies the next block, and whose members vote on it.
    public var validators: ValidatorSet { governance.validators }

    /// The tip after `block`, which must be the next one: its leaves appended to the ledger tree and its governance
    /// transactions applied.
    public func appending(_ block: Block) -> ChainTip {
        precondition(block.header.height == height + 1, "block \(block.header.height) does not follow tip \(height)")
        let hasher = MerkleHasher()
        var ledger = self.ledger
        for transaction in block.transactions {
            ledger.append(leafHash: transaction.leafHash(hasher: hasher), hasher: hasher)
        }
        return ChainTip(
            height: block.header.height, headerHash: block.header.hash,
            timestampMilliseconds: block.header.timestampMilliseconds, ledger: ledger,
            governance: block.transactions.contains { $0.body.payload.isGovernance }
                ? governance.applying(block) : governance)
    }

    /// The tip before block 1.
    public static func genesis(_ genesis: Genesis) -> ChainTip {
        ChainTip(
            height: 0, headerHash: genesis.chainID, timestampMilliseconds: genesis.genesisTimeMilliseconds,
            ledger: MerkleAccumulator(), governance: ValidatorGovernance(genesis: genesis))
    }
}

/// Why a block was refused; the first failing rule, with what was expected.
public enum BlockRejection: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(FormatError)
    case wrongChain(SHA256Digest)
    case wrongHeight(expected: UInt64, actual: UInt64)
    case wrongPreviousHash(expected: SHA256Digest, actual: SHA256Digest)
    case timestampNotIncreasing(parentMilliseconds: UInt64, blockMilliseconds: UInt64)
    case timestampTooFarAhead(blockMilliseconds: UInt64, latestAllowedMilliseconds: UInt64)
    case wrongProposer(expected: KeyID, actual: KeyID)
    case tooManyTransactions(count: Int, countMax: Int)
    case tooLarge(bytes: Int, bytesMax: Int)
    case transactionCountMismatch(header: UInt32, actual: Int)
    case transaction(index: Int, TransactionRejection)
    case wrongTransactionRoot(header: SHA256Digest, computed: SHA256Digest)
    case wrongLedgerSize(header: UInt64, computed: UInt64)
    case wrongLedgerRoot(header: SHA256Digest, computed: SHA256Digest)
    case wrongStatusRoot(header: SHA256Digest, computed: SHA256Digest)
    case wrongValidatorSet(field: String, header: SHA256Digest, expected: ValidatorSet)
    case certificate(CertificateProblem)

    public var description: String {
        switch self {
        case .malformed(let error): "malformed block: \(error)"
        case .wrongChain(let chain): "block names chain \(chain.hex)"
        case .wrongHeight(let expected, let actual): "height \(actual), expected \(expected)"
        case .wrongPreviousHash(let expected, let actual): "previousHash \(actual.hex) does not link to \(expected.hex)"
        case .timestampNotIncreasing(let parent, let block): "timestamp \(block) is not above the parent's \(parent)"
        case .timestampTooFarAhead(let block, let latest): "timestamp \(block) is after the latest allowed \(latest)"
        case .wrongProposer(let expected, let actual): "proposer \(actual.hex) is not the scheduled \(expected.hex)"
        case .tooManyTransactions(let count, let countMax): "\(count) transactions, limit \(countMax)"
        case .tooLarge(let bytes, let bytesMax): "block is \(bytes) bytes, limit \(bytesMax)"
        case .transactionCountMismatch(let header, let actual):
            "header says \(header) transactions, block has \(actual)"
        case .transaction(let index, let rejection): "transaction \(index): \(rejection)"
        case .wrongTransactionRoot(let header, let computed):
            "txRoot \(header.hex) but transactions give \(computed.hex)"
        case .wrongLedgerSize(let header, let computed): "ledgerSize \(header) but the ledger holds \(computed)"
        case .wrongLedgerRoot(let header, let computed): "ledgerRoot \(header.hex) but the ledger gives \(computed.hex)"
        case .wrongStatusRoot(let header, let computed):
            "statusRoot \(header.hex) but the status map gives \(computed.hex)"
        case .wrongValidatorSet(let field, let header, let expected):
            "\(field) \(header.hex) is not the hash \(expected.hash.hex) of the validator set it must name, \(expected)"
        case .certificate(let problem): "commit certificate: \(problem)"
        }
    }
}
