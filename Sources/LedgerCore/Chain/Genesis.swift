/// The founding document of a chain: its name, start time, validator set (the member-state authorities)
/// and parameters. chainId = SHA-256 of its canonical encoding, so every block and transaction names it.
public struct Genesis: Sendable {
    public let chainName: String
    /// Block 1's timestamp must be above this.
    public let genesisTimeMilliseconds: UInt64
    /// The founding validator set, S(1): epoch 0, in proposer-rotation order.
    public let validatorSet: ValidatorSet
    public let parameters: ChainParameters
    /// tag ‖ chainName ‖ genesisTime ‖ count ‖ (name ‖ SPKI)… ‖ parameters (docs/FORMATS.md).
    public let encoded: [UInt8]
    public let chainID: SHA256Digest

    /// Builds a genesis after checking names, keys and parameters.
    public init(
        chainName: String, genesisTimeMilliseconds: UInt64, validators: [(name: String, publicKey: P256PublicKey)],
        parameters: ChainParameters
    ) throws(FormatError) {
        try FieldRules.checkIdentifier(chainName, field: "chainName")
        try parameters.validate()
        let validatorSet = try ValidatorSet(validators)
        guard Int(parameters.minValidators) <= validatorSet.count else {
            throw .invalidValue(
                field: "parameters.minValidators",
                reason: "is \(parameters.minValidators), above the \(validatorSet.count) genesis validators")
        }
        self.chainName = chainName
        self.genesisTimeMilliseconds = genesisTimeMilliseconds
        self.validatorSet = validatorSet
        self.parameters = parameters
        var writer = CanonicalWriter()
        writer.write(raw: DomainTag.genesis.utf8)
        writer.write(text: chainName, bytesMax: Limits.chainNameBytesMax)
        writer.write(genesisTimeMilliseconds)
        ValidatorSet.encodeMembers(validatorSet.members, into: &writer)
        writer.write(parameters.transactionsPerBlockMax)
        writer.write(parameters.blockBytesMax)
        writer.write(parameters.clockDriftMilliseconds)
        writer.write(parameters.minValidators)
        writer.write(parameters.proposalLifetimeBlocks)
        self.encoded = writer.bytes
        self.chainID = SHA256.hash(writer.bytes)
    }

    /// The genesis validators, in rotation order.
    public var validators: [ValidatorRecord] { validatorSet.members }

    /// The genesis set's hash (`ValidatorSetHash`), which block 1's header commits.
    public var validatorSetHash: SHA256Digest { validatorSet.hash }
}
