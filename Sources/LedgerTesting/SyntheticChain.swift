import Foundation
import LedgerClient
import LedgerCore
import LedgerStore

/// Builds valid, sealed blocks quickly for benchmarks and large tests: signs in parallel and tracks the tip and
/// the status map itself instead of re-validating (the store or auditor under test does the validating, so a
/// wrong record here shows as a refused status root there).
public final class SyntheticChain {
    public let validatorKeys: [P256PrivateKey]
    public let issuerKey: P256PrivateKey
    public let genesis: Genesis
    public private(set) var tip: ChainTip
    public private(set) var status: StatusMap
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
        status = StatusMap(chainID: genesis.chainID)
        clockMilliseconds = genesis.genesisTimeMilliseconds
    }

    /// Continues from a stored tip (for example after reopening a store built earlier).
    public func resume(from tip: ChainTip, status: StatusMap, issuedCredentials: Int) {
        self.tip = tip
        self.status = status
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
        recordStatus(of: transactions)
        let header = BlockBuilder.header(
            parent: tip, genesis: genesis, transactions: transactions, statusRoot: status.root,
            timestampMilliseconds: clockMilliseconds, round: 0)
        let seals = try validatorKeys.prefix(genesis.validatorSet.quorum).map {
            try BlockBuilder.seal(header, genesis: genesis, with: $0)
        }
        var ledger = tip.ledger
        let hasher = MerkleHasher()
        for transaction in transactions {
            ledger.append(leafHash: transaction.leafHash(hasher: hasher), hasher: hasher)
        }
        tip = ChainTip(
            height: header.height, headerHash: header.hash, timestampMilliseconds: clockMilliseconds, ledger: ledger,
            governance: tip.governance)
        return Block(
            header: header, transactions: transactions,
            certificate: CommitCertificate(round: header.round, seals: seals))
    }

    /// The records the rules give a block of registrations, issuances and status changes at the next height
    /// (each change must follow the credential's issue in an earlier block).
    private func recordStatus(of transactions: [SignedTransaction]) {
        let height = tip.height + 1
        var entries: [SparseMerkleTree.Entry] = []
        for (offset, transaction) in transactions.enumerated() {
            let location = TransactionLocation(
                height: height, indexInBlock: UInt32(offset), ledgerIndex: tip.ledger.size + UInt64(offset))
            func changed(_ id: String, to state: CredentialState, reason: UInt8) -> (
                StatusRecordKind, String, StatusRecord
            ) {
                guard case .credential(let current)? = try? status.record(.credential, id: id) else {
                    preconditionFailure("SyntheticChain changes only credentials issued in an earlier block")
                }
                return (.credential, id, .credential(current.changed(to: state, reasonCode: reason, at: location)))
            }
            let (kind, id, record): (StatusRecordKind, String, StatusRecord)
            switch transaction.body.payload {
            case .registerIssuer(let register):
                guard let key = try? P256PublicKey(spkiDER: register.publicKey) else { continue }
                (kind, id) = (.issuer, register.issuerID)
                record = .issuer(
                    .init(
                        state: .active, keyID: key.keyID, changedAtHeight: height,
                        changeLedgerIndex: location.ledgerIndex))
            case .issueCredential(let issue):
                (kind, id) = (.credential, issue.credentialID)
                record = .credential(
                    .init(
                        state: .active, reasonCode: 0, changedAtHeight: height, changeLedgerIndex: location.ledgerIndex,
                        issuanceLedgerIndex: location.ledgerIndex))
            case .revokeCredential(let revoke):
                (kind, id, record) = changed(revoke.credentialID, to: .revoked, reason: revoke.reason.rawValue)
            case .suspendCredential(let suspend):
                (kind, id, record) = changed(suspend.credentialID, to: .suspended, reason: suspend.reason.rawValue)
            case .reinstateCredential(let reinstate):
                (kind, id, record) = changed(reinstate.credentialID, to: .active, reason: 0)
            case .registerDefinition(let definition):
                (kind, id) = (.definition, definition.definitionID)
                record = .definition(
                    .init(
                        state: .active, registrationID: transaction.id, changedAtHeight: height,
                        changeLedgerIndex: location.ledgerIndex))
            case .registerQABody(let register):
                (kind, id) = (.qaBody, register.qaBodyID)
                record = .qaBody(
                    .init(
                        state: .active, registrationID: transaction.id, changedAtHeight: height,
                        changeLedgerIndex: location.ledgerIndex))
            case .recordAccreditation(let accreditation):
                (kind, id) = (.accreditation, accreditation.accreditationID)
                record = .accreditation(
                    .init(
                        state: .active, registrationID: transaction.id, changedAtHeight: height,
                        changeLedgerIndex: location.ledgerIndex))
            case .withdrawAccreditation, .changeIssuerStanding, .rotateIssuerKey, .revokeIssuedRange:
                preconditionFailure("SyntheticChain records registrations, issuances and credential changes only")
            case .proposeValidatorChange, .approveValidatorChange:
                continue
            }
            entries.append(
                SparseMerkleTree.Entry(
                    keyHash: StatusKey.hash(chainID: genesis.chainID, kind: kind, checkedID: id), value: record.encoded)
            )
        }
        status.load(entries)
    }
}
