/// The digest anchored for a credential document: SHA-256 of its RFC 8785 canonical form when the bytes are
/// I-JSON (Open Badges 3.0, VC 2.0), else SHA-256 of the raw bytes (a PDF, an image). Issuer and verifier apply
/// the same rule, so they always compute the same digest or the same refusal.
public enum DocumentDigest {
    /// How the document was read.
    public enum Form: String, Sendable {
        case canonicalJSON = "rfc8785-json"
        case rawBytes = "raw-bytes"
    }

    /// How the caller asks for the document to be read.
    public enum Reading: Sendable, Equatable {
        /// JSON when the bytes are I-JSON; a document that looks like JSON but is not is refused (`NotJSON`).
        case automatic(fileName: String?)
        /// The raw bytes, whatever they hold: the explicit `--raw` of `ledger issue`, `digest` and `verify`.
        case raw
    }

    /// A digest and the form it was taken over.
    public struct Computed: Sendable, Equatable {
        public let digest: SHA256Digest
        public let form: Form
    }

    /// A document that must be JSON (named `*.json`, or starting with `{` or `[`) but is not I-JSON. Anchoring
    /// its raw bytes instead would hide the mistake, so it is refused unless the caller asks for `.raw`.
    public struct NotJSON: Error, Sendable, Equatable, CustomStringConvertible {
        public let fileName: String?
        public let error: JSONError

        public var description: String {
            "\(fileName.map { "'\($0)'" } ?? "the document") is not valid JSON (I-JSON, RFC 7493): \(error.reason) "
                + "at byte \(error.offset)"
        }
    }

    public static func compute(_ document: [UInt8], reading: Reading = .automatic(fileName: nil))
        throws(NotJSON) -> Computed
    {
        guard case .automatic(let fileName) = reading else {
            return Computed(digest: SHA256.hash(document), form: .rawBytes)
        }
        do {
            return Computed(digest: SHA256.hash(try CanonicalJSON.canonicalize(document)), form: .canonicalJSON)
        } catch {
            guard !mustBeJSON(document, fileName: fileName) else { throw NotJSON(fileName: fileName, error: error) }
            return Computed(digest: SHA256.hash(document), form: .rawBytes)
        }
    }

    /// A file named `*.json`, or whose first byte other than JSON whitespace is `{` or `[`, must parse as JSON.
    public static func mustBeJSON(_ document: [UInt8], fileName: String?) -> Bool {
        if let fileName, fileName.lowercased().hasSuffix(".json") { return true }
        let first = document.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// SHA-256(salt ‖ identifier): the learner keeps the salt and can later prove the credential is theirs.
    public static func subjectCommitment(salt: [UInt8], identifier: String) -> SHA256Digest {
        SHA256.hash(parts: [salt, Array(identifier.utf8)])
    }
}
