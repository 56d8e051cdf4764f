/// Strict reading of a JSON object's fields for the ledger's own files (genesis, proof bundles):
/// unknown keys are refused, and every error names the field's path.
public struct JSONFields {
    private let members: [String: JSONValue]
    /// The object's path for error messages, such as "header" or "commit.signatures[2]".
    public let path: String

    /// Wraps an object, refusing keys outside `allowed`.
    public init(_ value: JSONValue?, path: String, allowed: Set<String>) throws(FormatError) {
        guard case .object(let list)? = value else { throw .invalidValue(field: path, reason: "must be a JSON object") }
        for member in list where !allowed.contains(member.key) {
            throw .invalidValue(field: Self.join(path, member.key), reason: "unknown field")
        }
        members = Dictionary(uniqueKeysWithValues: list.map { ($0.key, $0.value) })
        self.path = path
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    public func field(_ key: String) -> String { Self.join(path, key) }

    public func value(_ key: String) throws(FormatError) -> JSONValue {
        guard let value = members[key] else { throw .invalidValue(field: field(key), reason: "is missing") }
        return value
    }

    public func has(_ key: String) -> Bool { members[key] != nil && members[key] != .null }

    public func string(_ key: String) throws(FormatError) -> String {
        guard let text = try value(key).stringValue else {
            throw .invalidValue(field: field(key), reason: "must be a string")
        }
        return text
    }

    public func unsignedInteger(_ key: String) throws(FormatError) -> UInt64 {
        guard let number = try value(key).unsignedIntegerValue else {
            throw .invalidValue(field: field(key), reason: "must be a whole number from 0 to 2^53")
        }
        return number
    }

    public func bool(_ key: String) throws(FormatError) -> Bool {
        guard let flag = try value(key).boolValue else {
            throw .invalidValue(field: field(key), reason: "must be true or false")
        }
        return flag
    }

    public func array(_ key: String, countMax: Int) throws(FormatError) -> [JSONValue] {
        guard let elements = try value(key).arrayValue else {
            throw .invalidValue(field: field(key), reason: "must be an array")
        }
        guard elements.count <= countMax else {
            throw .tooMany(field: field(key), countMax: countMax, actual: elements.count)
        }
        return elements
    }

    public func digest(_ key: String) throws(FormatError) -> SHA256Digest {
        let text = try string(key)
        guard let bytes = Hex.decode(text), bytes.count == SHA256Digest.byteCount else {
            throw .invalidHex(field: field(key))
        }
        return try SHA256Digest(bytes: bytes)
    }

    public func base64(_ key: String, bytesMax: Int) throws(FormatError) -> [UInt8] {
        let text = try string(key)
        guard text.utf8.count <= (bytesMax / 3 + 1) * 4, let bytes = Base64.decode(text) else {
            throw .invalidBase64(field: field(key))
        }
        guard bytes.count <= bytesMax else {
            throw .tooLong(field: field(key), bytesMax: bytesMax, actual: bytes.count)
        }
        return bytes
    }
}
