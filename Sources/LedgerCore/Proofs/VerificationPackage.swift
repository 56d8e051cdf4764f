/// `mcledger.package.v1`: the one file a learner hands an employer (docs/FORMATS.md "Verification package"): the
/// credential document's exact bytes and file name (the name decides the digest rule, `DocumentDigest`), the v2
/// proof bundle as a JSON object, and optionally the learner's salt, so the employer can check the recipient.
public struct VerificationPackage: Sendable, Hashable {
    public static let formatName = "mcledger.package.v1"
    /// Base64 of the largest document, the largest bundle, and room for the rest.
    public static let bytesMax = (Limits.credentialDocumentBytesMax / 3 + 1) * 4 + Limits.proofBundleBytesMax + 65_536
    public static let documentNameBytesMax = 255

    public var credentialID: String
    public var documentName: String
    public var mediaType: String?
    public var document: [UInt8]
    /// The bundle as the node served it, parsed; `bundleJSON` gives it to `ProofVerifier`.
    public var bundle: JSONValue
    public var salt: [UInt8]?

    public init(
        credentialID: String, documentName: String, mediaType: String? = nil, document: [UInt8], bundle: JSONValue,
        salt: [UInt8]? = nil
    ) {
        self.credentialID = credentialID
        self.documentName = documentName
        self.mediaType = mediaType
        self.document = document
        self.bundle = bundle
        self.salt = salt
    }

    public var bundleJSON: [UInt8] { CanonicalJSON.serialize(bundle) }

    /// The document's digest by the rule its name selects: RFC 8785 JSON when it is I-JSON, else its raw bytes.
    public func documentDigest() throws(DocumentDigest.NotJSON) -> DocumentDigest.Computed {
        try DocumentDigest.compute(document, reading: .automatic(fileName: documentName))
    }

    public var json: JSONValue {
        var documentMembers = [JSONMember("name", .string(documentName))]
        if let mediaType { documentMembers.append(JSONMember("mediaType", .string(mediaType))) }
        documentMembers.append(JSONMember("base64", .string(Base64.encode(document))))
        var members = [
            JSONMember("format", .string(Self.formatName)), JSONMember("credentialId", .string(credentialID)),
            JSONMember("document", .object(documentMembers)), JSONMember("bundle", bundle),
        ]
        if let salt { members.append(JSONMember("salt", .string(Hex.encode(salt)))) }
        return .object(members)
    }

    public static func parse(json bytes: [UInt8]) throws(FormatError) -> VerificationPackage {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes, bytesMax: bytesMax)
        } catch {
            throw .invalidValue(field: "package", reason: error.description)
        }
        let fields = try JSONFields(
            root, path: "", allowed: ["format", "credentialId", "document", "bundle", "salt"])
        guard try fields.string("format") == formatName else {
            throw .invalidValue(field: "format", reason: "must be \"\(formatName)\"")
        }
        let credentialID = try fields.string("credentialId")
        guard !credentialID.isEmpty else { throw .invalidValue(field: "credentialId", reason: "must not be empty") }
        let document = try JSONFields(
            try fields.value("document"), path: "document", allowed: ["name", "mediaType", "base64"])
        let name = try document.string("name")
        guard !name.isEmpty, name.utf8.count <= documentNameBytesMax, !name.contains("/") else {
            throw .invalidValue(
                field: "document.name", reason: "must be a file name of 1 to \(documentNameBytesMax) bytes, no '/'")
        }
        let mediaType = document.has("mediaType") ? try document.string("mediaType") : nil
        let bytes = try document.base64("base64", bytesMax: Limits.credentialDocumentBytesMax)
        let bundle = try fields.value("bundle")
        guard case .object = bundle else {
            throw .invalidValue(field: "bundle", reason: "must be a proof bundle (a JSON object)")
        }
        var salt: [UInt8]? = nil
        if fields.has("salt") {
            guard let decoded = Hex.decode(try fields.string("salt")), (1...64).contains(decoded.count) else {
                throw .invalidValue(field: "salt", reason: "must be 1 to 64 bytes of hex")
            }
            salt = decoded
        }
        return VerificationPackage(
            credentialID: credentialID, documentName: name, mediaType: mediaType, document: bytes, bundle: bundle,
            salt: salt)
    }
}

extension ProofVerifier {
    /// A package checked as `ledger verify` checks a bundle with its document (and, given the learner's identifier,
    /// the package's salt). A package naming another credential than its bundle proves fails the format check.
    public static func verify(
        package: VerificationPackage, genesis: Genesis, subjectIdentifier: String? = nil, salt: [UInt8]? = nil,
        newerStatusJSON: [UInt8]? = nil
    ) -> Result<VerifiedProof, ProofFailure> {
        let document: DocumentDigest.Computed
        do {
            document = try package.documentDigest()
        } catch {
            return .failure(ProofFailure(check: .document, reason: "the package's document: \(error)"))
        }
        let claim = subjectIdentifier.flatMap { identifier in
            (salt ?? package.salt).map { SubjectClaim(identifier: identifier, salt: $0) }
        }
        let result = verify(
            bundleJSON: package.bundleJSON, genesis: genesis, document: document, subject: claim,
            newerStatusJSON: newerStatusJSON)
        if case .success(let proof) = result, proof.credentialID != package.credentialID {
            return .failure(
                ProofFailure(
                    check: .format,
                    reason: "the package names credential \(package.credentialID), but its bundle proves "
                        + "\(proof.credentialID)"))
        }
        return result
    }
}
