/// JSON form of `mcledger.proof.v2` (docs/PROOFS.md): hex for hashes, base64 for bytes, numbers for integers.
extension ProofBundle {
    public var json: String { JSONWriter.pretty(jsonValue) }

    public var jsonValue: JSONValue {
        .object(
            [
                JSONMember("format", .string(Self.formatName)),
                JSONMember("chainId", .string(chainID.hex)),
                JSONMember("transaction", Self.value(transaction)),
                JSONMember("leaf", Self.value(leaf)),
                JSONMember("blockInclusion", Self.value(blockInclusion)),
                JSONMember("ledgerInclusion", Self.value(ledgerInclusion)),
                JSONMember("header", Self.value(header)),
                JSONMember("commit", .string(commit.note.encoded)),
                JSONMember(
                    "issuer",
                    .object(
                        [
                            JSONMember("registration", Self.value(issuer.registration)),
                            JSONMember("leaf", Self.value(issuer.leaf)),
                            JSONMember("ledgerInclusion", Self.value(issuer.ledgerInclusion)),
                        ] + (issuer.keyRotation.map { [JSONMember("keyRotation", Self.value($0))] } ?? []))),
                JSONMember("status", Self.value(status)),
                JSONMember("handoffs", ValidatorHandoff.jsonValue(handoffs)),
            ] + (registry.map { [JSONMember("registry", $0.jsonValue)] } ?? []))
    }

    static func value(_ status: StatusProof) -> JSONValue {
        func record(_ part: StatusProof.RecordPart) -> JSONValue {
            .object([
                JSONMember("record", .string(Base64.encode(part.record))),
                JSONMember("siblings", .array(part.siblings.map { .string($0.hex) })),
            ])
        }
        return .object([
            JSONMember("credential", record(status.credential)), JSONMember("issuer", record(status.issuer)),
            JSONMember("header", value(status.header)), JSONMember("commit", .string(status.commit.note.encoded)),
            JSONMember(
                "consistency",
                .object([
                    JSONMember("fromSize", number(status.consistency.fromSize)),
                    JSONMember("toSize", number(status.consistency.toSize)),
                    JSONMember("path", .array(status.consistency.path.map { .string($0.hex) })),
                ])),
        ])
    }

    static func number(_ value: UInt64) -> JSONValue { .number(Double(value)) }

    static func value(_ part: KeyRotationPart) -> JSONValue {
        .object([
            JSONMember("transaction", value(part.transaction)), JSONMember("inclusion", value(part.inclusion)),
        ])
    }

    static func parseKeyRotation(_ value: JSONValue, path: String) throws(FormatError) -> KeyRotationPart {
        let part = try JSONFields(value, path: path, allowed: ["transaction", "inclusion"])
        return KeyRotationPart(
            transaction: try parseTransaction(try part.value("transaction"), path: "\(path).transaction"),
            inclusion: try parseInclusion(try part.value("inclusion"), path: "\(path).inclusion"))
    }

    static func value(_ part: TransactionPart) -> JSONValue {
        var members = [
            JSONMember("id", .string(part.id.hex)), JSONMember("kind", .string(part.kind.description)),
            JSONMember("encoded", .string(Base64.encode(part.encoded))),
        ]
        if let credentialID = part.credentialID { members.append(JSONMember("credentialId", .string(credentialID))) }
        if let digest = part.documentDigest { members.append(JSONMember("documentDigest", .string(digest.hex))) }
        return .object(members)
    }

    static func value(_ leaf: LeafPart) -> JSONValue {
        .object([JSONMember("index", number(leaf.index)), JSONMember("hash", .string(leaf.hash.hex))])
    }

    static func value(_ inclusion: InclusionPart) -> JSONValue {
        .object([
            JSONMember("index", number(inclusion.index)), JSONMember("size", number(inclusion.size)),
            JSONMember("path", .array(inclusion.path.map { .string($0.hex) })),
        ])
    }

    static func value(_ part: HeaderPart) -> JSONValue {
        let header = part.header
        return .object([
            JSONMember("encoded", .string(Base64.encode(part.encoded))), JSONMember("hash", .string(part.hash.hex)),
            JSONMember("version", .number(Double(header.version))), JSONMember("height", number(header.height)),
            JSONMember("previousHash", .string(header.previousHash.hex)),
            JSONMember("timestamp", number(header.timestampMilliseconds)),
            JSONMember("txCount", .number(Double(header.transactionCount))),
            JSONMember("txRoot", .string(header.transactionRoot.hex)),
            JSONMember("ledgerSize", number(header.ledgerSize)),
            JSONMember("ledgerRoot", .string(header.ledgerRoot.hex)),
            JSONMember("statusRoot", .string(header.statusRoot.hex)),
            JSONMember("validatorSetHash", .string(header.validatorSetHash.hex)),
            JSONMember("nextValidatorSetHash", .string(header.nextValidatorSetHash.hex)),
            JSONMember("proposer", .string(header.proposer.hex)),
            JSONMember("round", .number(Double(header.round))),
        ])
    }

    /// Parses a bundle's JSON; shape errors name the field. Whether the contents are true is `ProofVerifier`'s job.
    public static func parse(json bytes: [UInt8]) throws(FormatError) -> ProofBundle {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, bytesMax: Limits.proofBundleBytesMax)
        } catch {
            throw .invalidValue(field: "proof", reason: error.description)
        }
        let fields = try JSONFields(
            root, path: "",
            allowed: [
                "format", "chainId", "transaction", "leaf", "blockInclusion", "ledgerInclusion", "header", "commit",
                "issuer", "status", "handoffs", "registry",
            ])
        guard try fields.string("format") == formatName else {
            throw .invalidValue(field: "format", reason: "must be \"\(formatName)\"")
        }
        let note = try SignedNote.parse(Array(try fields.string("commit").utf8))
        let issuer = try JSONFields(
            try fields.value("issuer"), path: "issuer",
            allowed: ["registration", "leaf", "ledgerInclusion", "keyRotation"])
        let chainID = try fields.digest("chainId")
        return ProofBundle(
            chainID: chainID,
            transaction: try parseTransaction(try fields.value("transaction"), path: "transaction"),
            leaf: try parseLeaf(try fields.value("leaf"), path: "leaf"),
            blockInclusion: try parseInclusion(try fields.value("blockInclusion"), path: "blockInclusion"),
            ledgerInclusion: try parseInclusion(try fields.value("ledgerInclusion"), path: "ledgerInclusion"),
            header: try parseHeader(try fields.value("header"), path: "header", chainID: chainID),
            commit: CommitPart(note: note),
            issuer: IssuerPart(
                registration: try parseTransaction(try issuer.value("registration"), path: "issuer.registration"),
                leaf: try parseLeaf(try issuer.value("leaf"), path: "issuer.leaf"),
                ledgerInclusion: try parseInclusion(
                    try issuer.value("ledgerInclusion"), path: "issuer.ledgerInclusion"),
                keyRotation: issuer.has("keyRotation")
                    ? try parseKeyRotation(try issuer.value("keyRotation"), path: "issuer.keyRotation") : nil),
            status: try parseStatus(try fields.value("status"), path: "status", chainID: chainID),
            handoffs: try ValidatorHandoff.parse(fields, chainID: chainID),
            registry: fields.has("registry")
                ? try RegistryProof.parse(try fields.value("registry"), path: "registry") : nil)
    }

    static func parseStatus(_ value: JSONValue, path: String, chainID: SHA256Digest) throws(FormatError)
        -> StatusProof
    {
        let fields = try JSONFields(
            value, path: path, allowed: ["credential", "issuer", "header", "commit", "consistency"])
        func record(_ key: String) throws(FormatError) -> StatusProof.RecordPart {
            let part = try JSONFields(try fields.value(key), path: "\(path).\(key)", allowed: ["record", "siblings"])
            return StatusProof.RecordPart(
                record: try part.base64("record", bytesMax: StatusRecord.encodedBytesMax),
                siblings: try digests(part, "siblings", countMax: SparseMerkleProof.siblingsMax))
        }
        let consistency = try JSONFields(
            try fields.value("consistency"), path: "\(path).consistency", allowed: ["fromSize", "toSize", "path"])
        return StatusProof(
            credential: try record("credential"), issuer: try record("issuer"),
            header: try parseHeader(try fields.value("header"), path: "\(path).header", chainID: chainID),
            commit: CommitPart(note: try SignedNote.parse(Array(try fields.string("commit").utf8))),
            consistency: StatusProof.ConsistencyPart(
                fromSize: try consistency.unsignedInteger("fromSize"),
                toSize: try consistency.unsignedInteger("toSize"),
                path: try digests(consistency, "path", countMax: Limits.merkleProofLengthMax)))
    }

    /// An array of hex digests.
    static func digests(_ fields: JSONFields, _ key: String, countMax: Int) throws(FormatError)
        -> [SHA256Digest]
    {
        var hashes: [SHA256Digest] = []
        for (index, element) in try fields.array(key, countMax: countMax).enumerated() {
            guard let text = element.stringValue, let bytes = Hex.decode(text), bytes.count == SHA256Digest.byteCount
            else {
                throw .invalidHex(field: fields.field(key) + "[\(index)]")
            }
            hashes.append(try SHA256Digest(bytes: bytes))
        }
        return hashes
    }

    static func parseTransaction(_ value: JSONValue, path: String) throws(FormatError) -> TransactionPart {
        let fields = try JSONFields(
            value, path: path, allowed: ["id", "kind", "encoded", "credentialId", "documentDigest"])
        let kindName = try fields.string("kind")
        guard let kind = TransactionKind.allCases.first(where: { $0.description == kindName }) else {
            throw .invalidValue(field: fields.field("kind"), reason: "unknown kind \(kindName)")
        }
        return TransactionPart(
            id: try fields.digest("id"), kind: kind,
            encoded: try fields.base64("encoded", bytesMax: Limits.signedTransactionBytesMax),
            credentialID: fields.has("credentialId") ? try fields.string("credentialId") : nil,
            documentDigest: fields.has("documentDigest") ? try fields.digest("documentDigest") : nil)
    }

    private static func parseLeaf(_ value: JSONValue, path: String) throws(FormatError) -> LeafPart {
        let fields = try JSONFields(value, path: path, allowed: ["index", "hash"])
        return LeafPart(index: try fields.unsignedInteger("index"), hash: try fields.digest("hash"))
    }

    static func parseInclusion(_ value: JSONValue, path: String) throws(FormatError) -> InclusionPart {
        let fields = try JSONFields(value, path: path, allowed: ["index", "size", "path"])
        return InclusionPart(
            index: try fields.unsignedInteger("index"), size: try fields.unsignedInteger("size"),
            path: try digests(fields, "path", countMax: Limits.merkleProofLengthMax))
    }

    static func parseHeader(_ value: JSONValue, path: String, chainID: SHA256Digest) throws(FormatError)
        -> HeaderPart
    {
        let fields = try JSONFields(
            value, path: path,
            allowed: [
                "encoded", "hash", "version", "height", "previousHash", "timestamp", "txCount", "txRoot", "ledgerSize",
                "ledgerRoot", "statusRoot", "validatorSetHash", "nextValidatorSetHash", "proposer", "round",
            ])
        let version = try fields.unsignedInteger("version")
        let count = try fields.unsignedInteger("txCount")
        let round = try fields.unsignedInteger("round")
        guard version <= UInt64(UInt16.max), count <= UInt64(UInt32.max), round <= UInt64(UInt32.max) else {
            throw .invalidValue(field: path, reason: "version, txCount or round out of range")
        }
        // The readable copy's chainId is the bundle's; the verifier compares the copy with the encoded header.
        let claimed = BlockHeader(
            version: UInt16(version), chainID: chainID, height: try fields.unsignedInteger("height"),
            previousHash: try fields.digest("previousHash"),
            timestampMilliseconds: try fields.unsignedInteger("timestamp"),
            transactionCount: UInt32(count), transactionRoot: try fields.digest("txRoot"),
            ledgerSize: try fields.unsignedInteger("ledgerSize"), ledgerRoot: try fields.digest("ledgerRoot"),
            statusRoot: try fields.digest("statusRoot"), validatorSetHash: try fields.digest("validatorSetHash"),
            nextValidatorSetHash: try fields.digest("nextValidatorSetHash"), proposer: try fields.digest("proposer"),
            round: UInt32(round))
        return HeaderPart(
            encoded: try fields.base64("encoded", bytesMax: BlockHeader.encodedByteCount),
            hash: try fields.digest("hash"),
            header: claimed)
    }
}
