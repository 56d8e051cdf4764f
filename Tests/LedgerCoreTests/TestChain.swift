import LedgerCore

/// A small chain for tests: n validators, helpers to write transactions and to seal and append blocks.
final class TestChain {
    let validatorKeys: [P256PrivateKey]
    let genesis: Genesis
    var registry: InMemoryRegistry
    /// The status map after the last appended block.
    var statusMap: StatusMap
    var tip: ChainTip
    var blocks: [Block] = []
    /// Block timestamps advance by one second from genesis time.
    var clockMilliseconds: UInt64
    /// Counts suspensions and reinstatements, so each one's decision time, and so its id, differs.
    var decisions: UInt64 = 0
    /// Keys of validators that join by vote, by key id (`joiningKey`).
    var joiningKeys: [KeyID: P256PrivateKey] = [:]

    static let genesisTime: UInt64 = 1_764_374_400_000  // 2025-11-29T00:00:00Z

    init(validatorCount: Int = 4, parameters: ChainParameters = .standard) throws {
        validatorKeys = try (0..<validatorCount).map { _ in try P256PrivateKey.generate() }
        let names = [
            "cxc", "barbados", "belize", "grenada", "guyana", "jamaica", "stkitts", "trinidad", "extra1", "extra2",
        ]
        genesis = try Genesis(
            chainName: "test-chain", genesisTimeMilliseconds: Self.genesisTime,
            validators: validatorKeys.enumerated().map { (names[$0.offset], $0.element.publicKey) },
            parameters: parameters)
        registry = InMemoryRegistry(genesis: genesis)
        statusMap = StatusMap(chainID: genesis.chainID)
        tip = ChainTip.genesis(genesis)
        clockMilliseconds = Self.genesisTime
    }

    func sign(_ payload: TransactionPayload, by key: P256PrivateKey) throws -> SignedTransaction {
        let body = try TransactionBody(chainID: genesis.chainID, authorKeyID: key.publicKey.keyID, payload: payload)
        return try SignedTransaction.sign(body, with: key)
    }

    func registerIssuer(
        _ issuerID: String, key: P256PrivateKey, by validator: Int = 0, country: String = "JM"
    ) throws -> SignedTransaction {
        try sign(
            .registerIssuer(
                RegisterIssuer(
                    issuerID: issuerID, displayName: "University of \(issuerID)", country: country,
                    publicKey: key.publicKey.spkiDER, accreditationNotes: "Accredited by the national authority")),
            by: validatorKeys[validator])
    }

    func issue(
        _ credentialID: String, by key: P256PrivateKey, definitionID: String? = nil, accreditationID: String? = nil,
        route: LearningRoute = .course, components: [String] = []
    ) throws -> SignedTransaction {
        try sign(
            .issueCredential(
                IssueCredential(
                    credentialID: credentialID, documentDigest: SHA256.hash(Array(credentialID.utf8)),
                    subjectCommitment: SHA256.hash(Array(("salt" + credentialID).utf8)), definitionID: definitionID,
                    issuedAtMilliseconds: clockMilliseconds, expiresAtMilliseconds: nil,
                    accreditationID: accreditationID, route: route, components: components)),
            by: key)
    }

    /// Validator `validator` registers a QA body for `country`.
    func registerQABody(
        _ qaBodyID: String, key: P256PrivateKey, by validator: Int = 0, country: String = "JM"
    ) throws -> SignedTransaction {
        try sign(
            .registerQABody(
                RegisterQABody(
                    qaBodyID: qaBodyID, displayName: "Council \(qaBodyID)", country: country,
                    publicKey: key.publicKey.spkiDER)),
            by: validatorKeys[validator])
    }

    /// A QA body accredits `issuerID` for `scope`, valid for a year around the chain's clock unless told.
    func accredit(
        _ accreditationID: String, issuerID: String, scope: AccreditationScope, by key: P256PrivateKey,
        from: UInt64? = nil, until: UInt64? = nil
    ) throws -> SignedTransaction {
        let year: UInt64 = 365 * 24 * 3_600_000
        return try sign(
            .recordAccreditation(
                RecordAccreditation(
                    accreditationID: accreditationID, issuerID: issuerID, scope: scope,
                    validFromMilliseconds: from ?? clockMilliseconds - year,
                    validUntilMilliseconds: until ?? clockMilliseconds + year)),
            by: key)
    }

    /// The authority `key` sets an issuer's standing.
    func changeStanding(_ issuerID: String, to standing: IssuerState, by key: P256PrivateKey) throws
        -> SignedTransaction
    {
        decisions += 1
        return try sign(
            .changeIssuerStanding(
                ChangeIssuerStanding(
                    issuerID: issuerID, standing: standing, decidedAtMilliseconds: clockMilliseconds + decisions)),
            by: key)
    }

    /// `key` (the issuer's current key, or its authority's) moves the issuer to `newKey`, with the new key's proof
    /// of possession unless `proof` is false.
    func rotateKey(_ issuerID: String, to newKey: P256PrivateKey, by key: P256PrivateKey, proof: Bool = true) throws
        -> SignedTransaction
    {
        var rotate = try RotateIssuerKey.signed(issuerID: issuerID, newKey: newKey, chainID: genesis.chainID)
        if !proof { rotate.proofOfPossession = [] }
        return try sign(.rotateIssuerKey(rotate), by: key)
    }

    /// The authority `key` revokes what the issuer anchored in blocks `heights`.
    func revokeRange(
        _ issuerID: String, heights: ClosedRange<UInt64>, by key: P256PrivateKey,
        reason: RevocationReason = .issuerKeyCompromised
    ) throws -> SignedTransaction {
        try sign(
            .revokeIssuedRange(
                RevokeIssuedRange(
                    issuerID: issuerID, fromHeight: heights.lowerBound, toHeight: heights.upperBound, reason: reason)),
            by: key)
    }

    func withdrawAccreditation(_ accreditationID: String, by key: P256PrivateKey) throws -> SignedTransaction {
        decisions += 1
        return try sign(
            .withdrawAccreditation(
                WithdrawAccreditation(
                    accreditationID: accreditationID, decidedAtMilliseconds: clockMilliseconds + decisions)),
            by: key)
    }

    func revoke(_ credentialID: String, by key: P256PrivateKey, reason: RevocationReason = .issuedInError) throws
        -> SignedTransaction
    {
        try sign(.revokeCredential(RevokeCredential(credentialID: credentialID, reason: reason)), by: key)
    }

    func suspend(_ credentialID: String, by key: P256PrivateKey, reason: SuspensionReason = .underInvestigation)
        throws -> SignedTransaction
    {
        decisions += 1
        return try sign(
            .suspendCredential(
                SuspendCredential(
                    credentialID: credentialID, reason: reason, decidedAtMilliseconds: clockMilliseconds + decisions)),
            by: key)
    }

    func reinstate(_ credentialID: String, by key: P256PrivateKey) throws -> SignedTransaction {
        decisions += 1
        return try sign(
            .reinstateCredential(
                ReinstateCredential(credentialID: credentialID, decidedAtMilliseconds: clockMilliseconds + decisions)),
            by: key)
    }

    func define(_ definitionID: String, by key: P256PrivateKey) throws -> SignedTransaction {
        try define(
            RegisterDefinition(
                definitionID: definitionID, title: "Data Protection for Registrars", notionalMinutes: 450, level: 5,
                format: .blended, activity: .workshop),
            by: key)
    }

    func define(_ definition: RegisterDefinition, by key: P256PrivateKey) throws -> SignedTransaction {
        try sign(.registerDefinition(definition), by: key)
    }

    /// A pathway entry stacking `components`, of which `required` must be held.
    func definePathway(
        _ definitionID: String, components: [String], required: Int, by key: P256PrivateKey
    ) throws -> SignedTransaction {
        try define(
            RegisterDefinition(
                definitionID: definitionID, title: "Certificate in Records Management", notionalMinutes: 2_700,
                level: 5, format: .blended, activity: .pathway, creditTenths: 60, components: components,
                componentsRequired: UInt8(required)),
            by: key)
    }

    /// A new key for a member state that will join by vote.
    func joiningKey() throws -> P256PrivateKey {
        let key = try P256PrivateKey.generate()
        joiningKeys[key.publicKey.keyID] = key
        return key
    }

    /// The private key of a member of any set: a genesis validator or one that joined.
    func privateKey(of keyID: KeyID) -> P256PrivateKey? {
        validatorKeys.first { $0.publicKey.keyID == keyID } ?? joiningKeys[keyID]
    }

    /// The current set's members' keys, in rotation order: S(h) for the next block.
    var signingKeys: [P256PrivateKey] { tip.validators.members.compactMap { privateKey(of: $0.keyID) } }

    /// `author` (a validator index into the current set) proposes `change`; an addition's proof of possession is
    /// signed with `newKey`.
    func propose(_ change: ValidatorChange, by author: P256PrivateKey) throws -> SignedTransaction {
        decisions += 1
        return try sign(
            .proposeValidatorChange(
                ProposeValidatorChange(change: change, proposedAtMilliseconds: clockMilliseconds + decisions)),
            by: author)
    }

    func addition(_ name: String, key: P256PrivateKey, country: String = "BS") throws -> ValidatorChange {
        .add(try ValidatorAddition.signed(name: name, country: country, key: key, chainID: genesis.chainID))
    }

    func approve(_ proposal: TransactionID, by author: P256PrivateKey) throws -> SignedTransaction {
        try sign(.approveValidatorChange(ApproveValidatorChange(proposalID: proposal)), by: author)
    }

    /// A header plus a certificate sealed by the first `signers` members of the current set (a quorum by default).
    func makeBlock(_ transactions: [SignedTransaction], round: UInt32 = 0, signers: Int? = nil) throws -> Block {
        clockMilliseconds += 1_000
        // A batch the rules refuse keeps the parent's status root and set: the block is refused before those are
        // compared.
        let execution = try? ChainRules.execute(
            transactions, timestampMilliseconds: clockMilliseconds, parent: tip, parentStatus: statusMap,
            genesis: genesis, registry: registry
        ).get()
        let header =
            execution.map {
                BlockBuilder.header(
                    parent: tip, genesis: genesis, execution: $0, timestampMilliseconds: clockMilliseconds,
                    round: round)
            }
            ?? BlockBuilder.header(
                parent: tip, genesis: genesis, transactions: transactions, statusRoot: statusMap.root,
                timestampMilliseconds: clockMilliseconds, round: round)
        return try seal(header, transactions: transactions, signers: signers)
    }

    func seal(
        _ header: BlockHeader, transactions: [SignedTransaction], signers: Int? = nil, keys: [P256PrivateKey]? = nil
    )
        throws -> Block
    {
        let seals = try (keys ?? signingKeys).prefix(signers ?? tip.validators.quorum).map {
            try BlockBuilder.seal(header, genesis: genesis, with: $0)
        }
        return Block(
            header: header, transactions: transactions,
            certificate: CommitCertificate(round: header.round, seals: seals))
    }

    func validate(_ block: Block) -> Result<AcceptedBlock, BlockRejection> {
        // The in-memory registry never throws; only storage-backed views can.
        try! ChainRules.validate(
            block: block, parent: tip, parentStatus: statusMap, genesis: genesis, registry: registry,
            localTimeMilliseconds: clockMilliseconds)
    }

    /// Validates and applies a block; throws the rejection if it is refused.
    @discardableResult
    func append(_ block: Block) throws -> AcceptedBlock {
        let accepted = try validate(block).get()
        for change in accepted.changes { registry.apply(change) }
        statusMap = accepted.status
        tip = accepted.tip
        blocks.append(block)
        return accepted
    }

    /// Builds, seals and appends a block of these transactions.
    @discardableResult
    func appendBlock(_ transactions: [SignedTransaction]) throws -> AcceptedBlock {
        try append(try makeBlock(transactions))
    }
}
