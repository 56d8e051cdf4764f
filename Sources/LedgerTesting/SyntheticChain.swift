import Foundation
import LedgerClient
import LedgerCore
import LedgerStore

/// Builds valid, sealed blocks quickly for benchmarks and large tests: signs in parallel and tracks the tip
/// itself instead of re-validating (the store or auditor under test does the validating).
public final class SyntheticChain {
    public let validatorKeys: [P256PrivateKey]
    public let issuerKey: P256PrivateKey
    public let genesis: Genesis
    public private(set) var tip: ChainTip
    public private(set) var clockMilliseconds: UInt64
    private var credentialCount = 0

    /// A chain with fresh keys; `keysDirectory`, when given, holds the keys so the chain can be resumed.
    public init(validatorCount: Int = 4, keysDirectory: String? = nil) throws {
        func key(_ name: String) throws -> P256PrivateKey {
            guard let directory = keysDirectory else { return try P256PrivateKey.generate() }
            let path = directory + "/\(name).key.pem"
            if FileManager.default.fileExists(atPath: path) { return try KeyFile.readPrivateKey(path: path) }
            let generated = try P256PrivateKey.generate()
            try KeyFile.writeNew(path: path, contents: generated.pkcs8PEM, mode: 0o600)
            return generated
        }
        validatorKeys = try (0..<validatorCount).map { try key("validator-\($0)") }
        issuerKey = try key("issuer")
        genesis = try Genesis(
            chainName: "synthetic", genesisTimeMilliseconds: 1_700_000_000_000,
            validators: validatorKeys.enumerated().map { ("validator-\($0.offset)", $0.element.publicKey) },
            parameters: ChainParameters(
                transactionsPerBlockMax: 20_000, blockBytesMax: 16 * 1024 * 1024, clockDriftMilliseconds: 10_000))
        tip = ChainTip.genesis(genesis)
        clockMilliseconds = genesis.genesisTimeMilliseconds
    }

    /// Continues from a stored tip (for example after reopening a store built earlier).
    public func resume(from tip: ChainTip, issuedCredentials: Int) {
        self.tip = tip
        clockMilliseconds = tip.timestampMilliseconds
        credentialCount = issuedCredentials
    }

    /// Block 1: validator 0 registers the issuer "synthetic-issuer".
    public func registrationBlock() throws -> Block {
        let body = try TransactionBody(
            chainID: genesis.chainID, authorKeyID: validatorKeys[0].publicKey.keyID,
            payload: .registerIssuer(
                RegisterIssuer(
                    issuerID: "synthetic-issuer", displayName: "Synthetic Institute", country: "TT",
                    publicKey: issuerKey.publicKey.spkiDER, accreditationNotes: "")))
        return try seal([try SignedTransaction.sign(body, with: validatorKeys[0])])
    }

    /// The next block: `count` new credentials "credential-N", signed on every core.
    public func credentialBlock(count: Int) throws -> Block {
        let first = credentialCount
        credentialCount += count
        let bodies = try (0..<count).map { offset in
            try TransactionBody(
                chainID: genesis.chainID, authorKeyID: issuerKey.publicKey.keyID,
                payload: .issueCredential(
                    IssueCredential(
                        credentialID: "credential-\(first + offset)",
                        documentDigest: SHA256.hash(Array("document \(first + offset)".utf8)),
                        subjectCommitment: SHA256.hash(Array("subject \(first + offset)".utf8)), definitionID: nil,
                        issuedAtMilliseconds: clockMilliseconds, expiresAtMilliseconds: nil)))
        }
        return try seal(try SignedTransaction.signAll(bodies, with: issuerKey))
    }

    /// Seals the next block over `transactions` with a quorum of validators and advances the tip.
    public func seal(_ transactions: [SignedTransaction]) throws -> Block {
        clockMilliseconds += 1_000
        let header = BlockBuilder.header(
            parent: tip, genesis: genesis, transactions: transactions, timestampMilliseconds: clockMilliseconds,
            round: 0)
        let seals = try validatorKeys.prefix(genesis.quorum).map { try BlockBuilder.seal(header, with: $0) }
        var ledger = tip.ledger
        let hasher = MerkleHasher()
        for transaction in transactions {
            ledger.append(leafHash: transaction.leafHash(hasher: hasher), hasher: hasher)
        }
        tip = ChainTip(
            height: header.height, headerHash: header.hash, timestampMilliseconds: clockMilliseconds, ledger: ledger)
        return Block(
            header: header, transactions: transactions,
            certificate: CommitCertificate(round: header.round, seals: seals))
    }
}
