/// JSON of a proof's `handoffs` list (docs/PROOFS.md): one object per epoch after genesis, in order.
extension ValidatorHandoff {
    static func jsonValue(_ handoffs: [ValidatorHandoff]) -> JSONValue {
        .array(
            handoffs.enumerated().map { offset, handoff in
                .object([
                    JSONMember("epoch", .number(Double(offset + 1))),
                    JSONMember("header", ProofBundle.value(handoff.header)),
                    JSONMember("commit", .string(handoff.commit.note.encoded)),
                    JSONMember(
                        "nextValidators",
                        .array(
                            handoff.nextValidators.members.map {
                                .object([
                                    JSONMember("name", .string($0.name)),
                                    JSONMember("publicKey", .string(Base64.encode($0.publicKey.spkiDER))),
                                ])
                            })),
                ])
            })
    }

    /// Parses the list; each entry's `epoch` must be its position, so a reordered list is refused by name.
    static func parse(_ fields: JSONFields, chainID: SHA256Digest) throws(FormatError) -> [ValidatorHandoff] {
        var handoffs: [ValidatorHandoff] = []
        guard fields.has("handoffs") else { return handoffs }
        for (offset, value) in try fields.array("handoffs", countMax: Limits.handoffsMax).enumerated() {
            let path = fields.field("handoffs") + "[\(offset)]"
            let entry = try JSONFields(value, path: path, allowed: ["epoch", "header", "commit", "nextValidators"])
            guard try entry.unsignedInteger("epoch") == UInt64(offset + 1) else {
                throw .invalidValue(
                    field: entry.field("epoch"),
                    reason: "must be \(offset + 1): handoffs are listed from epoch 1 in order")
            }
            var members: [(name: String, publicKey: P256PublicKey)] = []
            for (index, member) in try entry.array("nextValidators", countMax: Limits.validatorsMax).enumerated() {
                let memberFields = try JSONFields(
                    member, path: entry.field("nextValidators") + "[\(index)]", allowed: ["name", "publicKey"])
                let spki = try memberFields.base64("publicKey", bytesMax: Limits.publicKeyBytesMax)
                do {
                    members.append((try memberFields.string("name"), try P256PublicKey(spkiDER: spki)))
                } catch let error as FormatError {
                    throw error
                } catch {
                    throw .invalidValue(field: memberFields.field("publicKey"), reason: "\(error)")
                }
            }
            handoffs.append(
                ValidatorHandoff(
                    header: try ProofBundle.parseHeader(
                        try entry.value("header"), path: entry.field("header"),
                        chainID: chainID),
                    commit: .init(note: try SignedNote.parse(Array(try entry.string("commit").utf8))),
                    nextValidators: try ValidatorSet(members)))
        }
        return handoffs
    }
}

/// `mcledger.handoffs.v1`: a node's handoffs for epochs 1…e (`GET /v1/handoffs`), for a client that checks a
/// checkpoint or a block signed by a later set with nothing but genesis.
public struct HandoffsDocument: Sendable, Hashable {
    public static let formatName = "mcledger.handoffs.v1"

    public var chainID: SHA256Digest
    public var handoffs: [ValidatorHandoff]

    public init(chainID: SHA256Digest, handoffs: [ValidatorHandoff]) {
        self.chainID = chainID
        self.handoffs = handoffs
    }

    public var json: String { JSONWriter.pretty(jsonValue) }

    public var jsonValue: JSONValue {
        .object([
            JSONMember("format", .string(Self.formatName)), JSONMember("chainId", .string(chainID.hex)),
            JSONMember("handoffs", ValidatorHandoff.jsonValue(handoffs)),
        ])
    }

    public static func parse(json bytes: [UInt8]) throws(FormatError) -> HandoffsDocument {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, bytesMax: Limits.proofBundleBytesMax)
        } catch {
            throw .invalidValue(field: "handoffs", reason: error.description)
        }
        let fields = try JSONFields(root, path: "", allowed: ["format", "chainId", "handoffs"])
        guard try fields.string("format") == formatName else {
            throw .invalidValue(field: "format", reason: "must be \"\(formatName)\"")
        }
        let chainID = try fields.digest("chainId")
        return HandoffsDocument(chainID: chainID, handoffs: try ValidatorHandoff.parse(fields, chainID: chainID))
    }

    /// The sets followed from `genesis` through these handoffs, each checked.
    public func history(genesis: Genesis) throws(ProofFailure) -> ValidatorHistory {
        guard chainID == genesis.chainID else {
            throw ProofFailure(
                check: .chain,
                reason: "the node serves chain \(chainID.hex), but the genesis file defines \(genesis.chainID.hex)")
        }
        return try ValidatorHistory.following(handoffs, genesis: genesis)
    }
}
