/// The genesis file format `mcledger.genesis.v2` (docs/FORMATS.md): JSON that people can read and review.
/// Version 2 adds the governance parameters `minValidators` and `proposalLifetimeBlocks`.
extension Genesis {
    public static let formatName = "mcledger.genesis.v2"

    /// Parses a genesis file; unknown fields, bad keys and bad parameters are refused with the field named.
    public static func parse(json bytes: [UInt8]) throws(FormatError) -> Genesis {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, bytesMax: Limits.genesisBytesMax)
        } catch {
            throw .invalidValue(field: "genesis", reason: error.description)
        }
        let fields = try JSONFields(
            root, path: "", allowed: ["format", "chainName", "genesisTimeMilliseconds", "validators", "parameters"])
        let format = try fields.string("format")
        guard format == formatName else {
            if format == "mcledger.genesis.v1" {
                throw .invalidValue(
                    field: "format",
                    reason: "mcledger.genesis.v1 predates validator-set changes; this build reads \"\(formatName)\", "
                        + "which adds parameters.minValidators and parameters.proposalLifetimeBlocks")
            }
            throw .invalidValue(field: "format", reason: "must be \"\(formatName)\"")
        }
        var validators: [(name: String, publicKey: P256PublicKey)] = []
        for (index, entry) in try fields.array("validators", countMax: Limits.validatorsMax).enumerated() {
            let validator = try JSONFields(entry, path: "validators[\(index)]", allowed: ["name", "publicKey"])
            let name = try validator.string("name")
            let pem = try validator.string("publicKey")
            do {
                validators.append((name, try P256PublicKey(pem: pem)))
            } catch {
                throw .invalidValue(field: validator.field("publicKey"), reason: error.description)
            }
        }
        let parameters = try JSONFields(
            try fields.value("parameters"), path: "parameters",
            allowed: [
                "maxTransactionsPerBlock", "maxBlockBytes", "clockDriftMilliseconds", "minValidators",
                "proposalLifetimeBlocks",
            ])
        let maxTransactions = try parameters.unsignedInteger("maxTransactionsPerBlock")
        let maxBytes = try parameters.unsignedInteger("maxBlockBytes")
        guard maxTransactions <= UInt64(UInt32.max), maxBytes <= UInt64(UInt32.max) else {
            throw .invalidValue(field: "parameters", reason: "block limits must fit 32 bits")
        }
        let minValidators = try parameters.unsignedInteger("minValidators")
        guard minValidators <= UInt64(Limits.validatorsMax) else {
            throw .invalidValue(field: "parameters.minValidators", reason: "must be at most \(Limits.validatorsMax)")
        }
        return try Genesis(
            chainName: try fields.string("chainName"),
            genesisTimeMilliseconds: try fields.unsignedInteger("genesisTimeMilliseconds"),
            validators: validators,
            parameters: ChainParameters(
                transactionsPerBlockMax: UInt32(maxTransactions), blockBytesMax: UInt32(maxBytes),
                clockDriftMilliseconds: try parameters.unsignedInteger("clockDriftMilliseconds"),
                minValidators: UInt16(minValidators),
                proposalLifetimeBlocks: try parameters.unsignedInteger("proposalLifetimeBlocks")))
    }

    /// The genesis file text.
    public var json: String {
        JSONWriter.pretty(
            .object([
                JSONMember("format", .string(Self.formatName)),
                JSONMember("chainName", .string(chainName)),
                JSONMember("genesisTimeMilliseconds", .number(Double(genesisTimeMilliseconds))),
                JSONMember(
                    "validators",
                    .array(
                        validators.map {
                            .object([
                                JSONMember("name", .string($0.name)),
                                JSONMember("publicKey", .string($0.publicKey.pem)),
                            ])
                        })),
                JSONMember(
                    "parameters",
                    .object([
                        JSONMember("maxTransactionsPerBlock", .number(Double(parameters.transactionsPerBlockMax))),
                        JSONMember("maxBlockBytes", .number(Double(parameters.blockBytesMax))),
                        JSONMember("clockDriftMilliseconds", .number(Double(parameters.clockDriftMilliseconds))),
                        JSONMember("minValidators", .number(Double(parameters.minValidators))),
                        JSONMember("proposalLifetimeBlocks", .number(Double(parameters.proposalLifetimeBlocks))),
                    ])),
            ]))
    }
}
