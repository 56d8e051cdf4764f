import LedgerCore

/// One field of a JSON document altered at a time, the same way in every verifier's tests (the page's JavaScript
/// does the same in web/verifier/test): a 64-digit hex string has its last byte's low bit flipped, a base64 string
/// longer than 8 characters its middle byte's, a number is bumped by one, a boolean negated, any other string gets an
/// "x" appended.
public enum JSONTampering {
    /// Every leaf field of `value`, as a path of keys and array indices.
    public static func leafPaths(_ value: JSONValue, prefix: [String] = []) -> [[String]] {
        switch value {
        case .object(let members): members.flatMap { leafPaths($0.value, prefix: prefix + [$0.key]) }
        case .array(let elements): elements.enumerated().flatMap { leafPaths($1, prefix: prefix + ["\($0)"]) }
        default: [prefix]
        }
    }

    /// `value` with the field at `path` altered.
    public static func altered(_ value: JSONValue, at path: [String]) -> JSONValue {
        guard let key = path.first else { return alteredLeaf(value) }
        switch value {
        case .object(let members):
            return .object(
                members.map { $0.key == key ? JSONMember(key, altered($0.value, at: Array(path.dropFirst()))) : $0 })
        case .array(var elements):
            guard let index = Int(key), elements.indices.contains(index) else { return value }
            elements[index] = altered(elements[index], at: Array(path.dropFirst()))
            return .array(elements)
        default: return value
        }
    }

    private static func alteredLeaf(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number): return .number(number + 1)
        case .bool(let flag): return .bool(!flag)
        case .string(let text):
            if text.utf8.count == 64, var bytes = Hex.decode(text) {
                bytes[31] ^= 0x01
                return .string(Hex.encode(bytes))
            }
            if text.utf8.count > 8, var bytes = Base64.decode(text), !bytes.isEmpty {
                bytes[bytes.count / 2] ^= 0x01
                return .string(Base64.encode(bytes))
            }
            return .string(text + "x")
        default: return value
        }
    }
}
