/// A credential's status proven against a quorum-signed header (docs/PROOFS.md, "The status part"): its record
/// and its issuer's in the status map, the header whose `statusRoot` they lead to with that header's commit note,
/// and an RFC 9162 consistency proof from the issuing header's ledger to this header's, so both are one chain.
/// It is the `status` part of a `mcledger.proof.v2` bundle, and, inside `StatusProofDocument`, what
/// `GET /v1/credentials/{id}/status` serves to refresh a bundle's status.
public struct StatusProof: Sendable, Hashable {
    /// A record in the status map and the sparse-Merkle siblings from its leaf to the root. The key is not
    /// carried: the verifier computes it from the id it checks.
    public struct RecordPart: Sendable, Hashable {
        public var record: [UInt8]
        public var siblings: [SHA256Digest]

        public init(record: [UInt8], siblings: [SHA256Digest]) {
            self.record = record
            self.siblings = siblings
        }
    }

    /// From the issuing header's ledger (`fromSize`) to the status header's (`toSize`).
    public struct ConsistencyPart: Sendable, Hashable {
        public var fromSize: UInt64
        public var toSize: UInt64
        public var path: [SHA256Digest]

        public init(fromSize: UInt64, toSize: UInt64, path: [SHA256Digest]) {
            self.fromSize = fromSize
            self.toSize = toSize
            self.path = path
        }
    }

    public var credential: RecordPart
    public var issuer: RecordPart
    public var header: ProofBundle.HeaderPart
    public var commit: ProofBundle.CommitPart
    public var consistency: ConsistencyPart

    public init(
        credential: RecordPart, issuer: RecordPart, header: ProofBundle.HeaderPart, commit: ProofBundle.CommitPart,
        consistency: ConsistencyPart
    ) {
        self.credential = credential
        self.issuer = issuer
        self.header = header
        self.commit = commit
        self.consistency = consistency
    }
}

/// `mcledger.status.v2`: a status proof on its own, for a holder to refresh the status of a bundle they hold.
public struct StatusProofDocument: Sendable, Hashable {
    public static let formatName = "mcledger.status.v2"

    public var chainID: SHA256Digest
    public var credentialID: String
    public var status: StatusProof
    /// The handoffs for epochs 1…e, e being the status header's epoch (as in a bundle).
    public var handoffs: [ValidatorHandoff]

    public init(chainID: SHA256Digest, credentialID: String, status: StatusProof, handoffs: [ValidatorHandoff]) {
        self.chainID = chainID
        self.credentialID = credentialID
        self.status = status
        self.handoffs = handoffs
    }
}

extension ProofBundle.HeaderPart {
    /// The part for a header: its bytes, its hash and readable copies of its fields.
    public init(_ header: BlockHeader) {
        self.init(encoded: header.encoded, hash: header.hash, header: header)
    }
}

/// JSON of a status-only proof: `{format, chainId, credentialId, status, handoffs}`, both as in a bundle.
extension StatusProofDocument {
    public var json: String { JSONWriter.pretty(jsonValue) }

    public var jsonValue: JSONValue {
        .object([
            JSONMember("format", .string(Self.formatName)), JSONMember("chainId", .string(chainID.hex)),
            JSONMember("credentialId", .string(credentialID)), JSONMember("status", ProofBundle.value(status)),
            JSONMember("handoffs", ValidatorHandoff.jsonValue(handoffs)),
        ])
    }

    public static func parse(json bytes: [UInt8]) throws(FormatError) -> StatusProofDocument {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, bytesMax: Limits.proofBundleBytesMax)
        } catch {
            throw .invalidValue(field: "status proof", reason: error.description)
        }
        let fields = try JSONFields(
            root, path: "", allowed: ["format", "chainId", "credentialId", "status", "handoffs"])
        guard try fields.string("format") == formatName else {
            throw .invalidValue(field: "format", reason: "must be \"\(formatName)\"")
        }
        let chainID = try fields.digest("chainId")
        return StatusProofDocument(
            chainID: chainID, credentialID: try fields.string("credentialId"),
            status: try ProofBundle.parseStatus(try fields.value("status"), path: "status", chainID: chainID),
            handoffs: try ValidatorHandoff.parse(fields, chainID: chainID))
    }
}
