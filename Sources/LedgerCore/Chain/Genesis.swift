/// The founding document of a chain: its name, start time, validator set (the member-state authorities)
/// and parameters. chainId = SHA-256 of its canonical encoding, so every block and transaction names it.
public struct Genesis: Sendable {
    public let chainName: String
    /// Block 1's timestamp must be above this.
    public let genesisTimeMilliseconds: UInt64
    /// In proposer-rotation order.
    public let validators: [ValidatorRecord]
    public let parameters: ChainParameters
    /// tag ‖ chainName ‖ genesisTime ‖ count ‖ (name ‖ SPKI)… ‖ parameters (docs/FORMATS.md).
    public let encoded: [UInt8]
    public let chainID: SHA256Digest
    /// The genesis validator set's hash (`ValidatorSetHash`), which every version-2 header commits.
    public let validatorSetHash: SHA256Digest
    private let validatorsByKey: [KeyID: ValidatorRecord]

    /// Builds a genesis after checking names, keys and parameters.
    public init(
        chainName: String, genesisTimeMilliseconds: UInt64, validators: [(name: String, publicKey: P256PublicKey)],
        parameters: ChainParameters
    ) throws(FormatError) {
        try FieldRules.checkIdentifier(chainName, field: "chainName")
        guard !validators.isEmpty else { throw .invalidValue(field: "validators", reason: "at least one is needed") }
        guard validators.count <= Limits.validatorsMax else {
            throw .tooMany(field: "validators", countMax: Limits.validatorsMax, actual: validators.count)
        }
        try parameters.validate()
        var names: Set<String> = []
        var keys: Set<KeyID> = []
        for validator in validators {
            try FieldRules.checkIdentifier(validator.name, field: "validators.name")
            guard names.insert(validator.name).inserted else {
                throw .invalidValue(field: "validators", reason: "name \(validator.name) appears twice")
            }
            guard keys.insert(validator.publicKey.keyID).inserted else {
                throw .invalidValue(field: "validators", reason: "validator \(validator.name) reuses another's key")
            }
        }
        self.chainName = chainName
        self.genesisTimeMilliseconds = genesisTimeMilliseconds
        self.validators = validators.enumerated().map {
            ValidatorRecord(index: $0.offset, name: $0.element.name, publicKey: $0.element.publicKey)
        }
        self.parameters = parameters
        var writer = CanonicalWriter()
        writer.write(raw: DomainTag.genesis.utf8)
        writer.write(text: chainName, bytesMax: Limits.chainNameBytesMax)
        writer.write(genesisTimeMilliseconds)
        writer.write(UInt16(validators.count))
        for validator in validators {
            writer.write(text: validator.name, bytesMax: Limits.validatorNameBytesMax)
            writer.write(bytes: validator.publicKey.spkiDER, bytesMax: Limits.publicKeyBytesMax)
        }
        writer.write(parameters.transactionsPerBlockMax)
        writer.write(parameters.blockBytesMax)
        writer.write(parameters.clockDriftMilliseconds)
        self.encoded = writer.bytes
        self.chainID = SHA256.hash(writer.bytes)
        self.validatorSetHash = ValidatorSetHash.of(self.validators)
        self.validatorsByKey = Dictionary(uniqueKeysWithValues: self.validators.map { ($0.keyID, $0) })
    }

    /// Number of validators.
    public var validatorCount: Int { validators.count }

    /// q = ⌈2n/3⌉ commit signatures make a block final.
    public var quorum: Int { Self.quorum(validatorCount: validatorCount) }

    /// f = ⌊(n−1)/3⌋ Byzantine validators are tolerated.
    public var faultTolerance: Int { (validatorCount - 1) / 3 }

    public static func quorum(validatorCount: Int) -> Int { (2 * validatorCount + 2) / 3 }

    public func validator(keyID: KeyID) -> ValidatorRecord? { validatorsByKey[keyID] }

    /// The proposer for (height, round): round-robin over the genesis order.
    public func proposer(height: UInt64, round: UInt32) -> ValidatorRecord {
        let count = UInt64(validatorCount)
        return validators[Int((height % count + UInt64(round) % count) % count)]
    }
}
