/// The digest anchored for a credential document: SHA-256 of its RFC 8785 canonical form when the bytes are
/// I-JSON (Open Badges 3.0, VC 2.0), else SHA-256 of the raw bytes (a PDF, an image).
public enum DocumentDigest {
    /// How the document was read.
    public enum Form: String, Sendable {
        case canonicalJSON = "rfc8785-json"
        case rawBytes = "raw-bytes"
    }

    public static func compute(_ document: [UInt8]) -> (digest: SHA256Digest, form: Form) {
        if let canonical = try? CanonicalJSON.canonicalize(document) {
            return (SHA256.hash(canonical), .canonicalJSON)
        }
        return (SHA256.hash(document), .rawBytes)
    }

    /// SHA-256(salt ‖ identifier): the learner keeps the salt and can later prove the credential is theirs.
    public static func subjectCommitment(salt: [UInt8], identifier: String) -> SHA256Digest {
        SHA256.hash(parts: [salt, Array(identifier.utf8)])
    }
}
