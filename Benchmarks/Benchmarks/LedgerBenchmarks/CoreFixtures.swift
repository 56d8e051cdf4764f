import Foundation
import LedgerCore
import LedgerTesting

/// In-memory inputs for the CPU benchmarks, built once per process outside any measurement.
enum CoreFixtures {
    /// A 1,000,000-leaf tree (leaf i = SHA-256(uint64 big-endian i)) with every level kept, for proofs.
    static let millionLeafTree: InMemoryMerkleTree = {
        let hasher = MerkleHasher()
        let leaves = (0..<UInt64(1_000_000)).map { index in
            withUnsafeBytes(of: index.bigEndian) { hasher.leafHash($0) }
        }
        return InMemoryMerkleTree(leafHashes: leaves, hasher: hasher)
    }()

    /// One P-256 key, a 100-byte message (about a transaction body) and its signature.
    static let signing: (key: P256PrivateKey, message: [UInt8], signature: [UInt8]) = {
        let key = try! P256PrivateKey.generate()
        let message = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        return (key, message, try! key.sign(message: message))
    }()

    /// A chain whose block 1 registers the issuer, with the registry after it, then credential blocks.
    final class Chain: @unchecked Sendable {
        let synthetic: SyntheticChain
        let afterRegistration: ChainTip
        let statusAfterRegistration: StatusMap
        let registry: InMemoryRegistry
        /// Block 2: 10,000 credentials.
        let large: Block
        /// Block 2 instead: 1,000 credentials, encoded as a block log or export holds it.
        let thousandEncoded: [UInt8]
        /// 1,000 credential transactions as a client POSTs them (encoded), not yet on the chain.
        let submissions: [[UInt8]]

        init() throws {
            synthetic = try SyntheticChain()
            let registration = try synthetic.registrationBlock()
            var registry = InMemoryRegistry(genesis: synthetic.genesis)
            guard
                case .success(let accepted) = try ChainRules.validate(
                    block: registration, parent: ChainTip.genesis(synthetic.genesis),
                    parentStatus: StatusMap(chainID: synthetic.genesis.chainID), genesis: synthetic.genesis,
                    registry: registry, localTimeMilliseconds: registration.header.timestampMilliseconds)
            else { preconditionFailure("the registration block must be valid") }
            for change in accepted.changes { registry.apply(change) }
            self.registry = registry
            afterRegistration = synthetic.tip
            statusAfterRegistration = accepted.status
            large = try synthetic.credentialBlock(count: 10_000)
            synthetic.resume(from: afterRegistration, status: accepted.status, issuedCredentials: 10_000)
            thousandEncoded = try synthetic.credentialBlock(count: 1_000).encoded
            submissions = try synthetic.credentialBlock(count: 1_000).transactions.map(\.encoded)
        }
    }

    static let chain: Chain = try! Chain()
}
