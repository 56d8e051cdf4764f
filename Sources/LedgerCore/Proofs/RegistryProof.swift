/// The registry records a credential names, each proven against the bundle's status header (docs/PROOFS.md,
/// "The registry part"): its catalogue entry, the accreditation it relies on with the QA body that recorded it,
/// and, for a stacked award, every component credential with its issuer and entry.
public struct RegistryProof: Sendable, Hashable {
    /// A record that names its registration transaction (kinds 3–5): the record proves the transaction's id, and
    /// so every field of the transaction the part carries.
    public struct Registration: Sendable, Hashable {
        public var transaction: ProofBundle.TransactionPart
        public var record: StatusProof.RecordPart

        public init(transaction: ProofBundle.TransactionPart, record: StatusProof.RecordPart) {
            self.transaction = transaction
            self.record = record
        }
    }

    /// A transaction included in the status header's ledger, at the leaf its record names (a credential's
    /// issuance, an issuer's registration).
    public struct Included: Sendable, Hashable {
        public var transaction: ProofBundle.TransactionPart
        public var inclusion: ProofBundle.InclusionPart
        public var record: StatusProof.RecordPart

        public init(
            transaction: ProofBundle.TransactionPart, inclusion: ProofBundle.InclusionPart,
            record: StatusProof.RecordPart
        ) {
            self.transaction = transaction
            self.inclusion = inclusion
            self.record = record
        }
    }

    public struct Accreditation: Sendable, Hashable {
        public var accreditation: Registration
        public var qaBody: Registration

        public init(accreditation: Registration, qaBody: Registration) {
            self.accreditation = accreditation
            self.qaBody = qaBody
        }
    }

    /// A component credential: its issuance, its issuer's registration and record (the issuer's standing), its
    /// entry, and the rotation that introduced its signing key when that is not the registered key.
    public struct Component: Sendable, Hashable {
        public var issuance: Included
        public var issuer: Included
        public var definition: Registration
        public var keyRotation: ProofBundle.KeyRotationPart?

        public init(
            issuance: Included, issuer: Included, definition: Registration,
            keyRotation: ProofBundle.KeyRotationPart? = nil
        ) {
            self.issuance = issuance
            self.issuer = issuer
            self.definition = definition
            self.keyRotation = keyRotation
        }
    }

    public var definition: Registration?
    public var accreditation: Accreditation?
    public var components: [Component]

    public init(definition: Registration?, accreditation: Accreditation?, components: [Component]) {
        self.definition = definition
        self.accreditation = accreditation
        self.components = components
    }

    public var isEmpty: Bool { definition == nil && accreditation == nil && components.isEmpty }
}

extension RegistryProof {
    var jsonValue: JSONValue {
        func record(_ part: StatusProof.RecordPart) -> JSONValue {
            .object([
                JSONMember("record", .string(Base64.encode(part.record))),
                JSONMember("siblings", .array(part.siblings.map { .string($0.hex) })),
            ])
        }
        func registration(_ part: Registration) -> JSONValue {
            .object([
                JSONMember("transaction", ProofBundle.value(part.transaction)),
                JSONMember("record", record(part.record)),
            ])
        }
        func included(_ part: Included) -> JSONValue {
            .object([
                JSONMember("transaction", ProofBundle.value(part.transaction)),
                JSONMember("inclusion", ProofBundle.value(part.inclusion)), JSONMember("record", record(part.record)),
            ])
        }
        var members: [JSONMember] = []
        if let definition { members.append(JSONMember("definition", registration(definition))) }
        if let accreditation {
            members.append(
                JSONMember(
                    "accreditation",
                    .object([
                        JSONMember("accreditation", registration(accreditation.accreditation)),
                        JSONMember("qaBody", registration(accreditation.qaBody)),
                    ])))
        }
        if !components.isEmpty {
            members.append(
                JSONMember(
                    "components",
                    .array(
                        components.map { component in
                            .object(
                                [
                                    JSONMember("issuance", included(component.issuance)),
                                    JSONMember("issuer", included(component.issuer)),
                                    JSONMember("definition", registration(component.definition)),
                                ]
                                    + (component.keyRotation.map {
                                        [JSONMember("keyRotation", ProofBundle.value($0))]
                                    } ?? []))
                        })))
        }
        return .object(members)
    }

    static func parse(_ value: JSONValue, path: String) throws(FormatError) -> RegistryProof {
        let fields = try JSONFields(value, path: path, allowed: ["definition", "accreditation", "components"])
        func record(_ value: JSONValue, _ path: String) throws(FormatError) -> StatusProof.RecordPart {
            let part = try JSONFields(value, path: path, allowed: ["record", "siblings"])
            return StatusProof.RecordPart(
                record: try part.base64("record", bytesMax: StatusRecord.encodedBytesMax),
                siblings: try ProofBundle.digests(part, "siblings", countMax: SparseMerkleProof.siblingsMax))
        }
        func registration(_ value: JSONValue, _ path: String) throws(FormatError) -> Registration {
            let part = try JSONFields(value, path: path, allowed: ["transaction", "record"])
            return Registration(
                transaction: try ProofBundle.parseTransaction(
                    try part.value("transaction"), path: "\(path).transaction"),
                record: try record(try part.value("record"), "\(path).record"))
        }
        func included(_ value: JSONValue, _ path: String) throws(FormatError) -> Included {
            let part = try JSONFields(value, path: path, allowed: ["transaction", "inclusion", "record"])
            return Included(
                transaction: try ProofBundle.parseTransaction(
                    try part.value("transaction"), path: "\(path).transaction"),
                inclusion: try ProofBundle.parseInclusion(try part.value("inclusion"), path: "\(path).inclusion"),
                record: try record(try part.value("record"), "\(path).record"))
        }
        var accreditation: Accreditation? = nil
        if fields.has("accreditation") {
            let part = try JSONFields(
                try fields.value("accreditation"), path: "\(path).accreditation", allowed: ["accreditation", "qaBody"])
            accreditation = Accreditation(
                accreditation: try registration(
                    try part.value("accreditation"), "\(path).accreditation.accreditation"),
                qaBody: try registration(try part.value("qaBody"), "\(path).accreditation.qaBody"))
        }
        var components: [Component] = []
        if fields.has("components") {
            for (index, element) in try fields.array("components", countMax: Limits.pathwayComponentsMax).enumerated() {
                let at = "\(path).components[\(index)]"
                let part = try JSONFields(
                    element, path: at, allowed: ["issuance", "issuer", "definition", "keyRotation"])
                components.append(
                    Component(
                        issuance: try included(try part.value("issuance"), "\(at).issuance"),
                        issuer: try included(try part.value("issuer"), "\(at).issuer"),
                        definition: try registration(try part.value("definition"), "\(at).definition"),
                        keyRotation: part.has("keyRotation")
                            ? try ProofBundle.parseKeyRotation(try part.value("keyRotation"), path: "\(at).keyRotation")
                            : nil))
            }
        }
        return RegistryProof(
            definition: fields.has("definition")
                ? try registration(try fields.value("definition"), "\(path).definition") : nil,
            accreditation: accreditation, components: components)
    }
}
