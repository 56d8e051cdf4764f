/// A parsed JSON value. Objects keep their members in document order (for readable output);
/// RFC 8785 canonicalisation sorts them. Numbers are IEEE 754 doubles, as RFC 8785 §3.2.2.3 requires.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member with this key, for objects.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// An integer in 0…2^53, the range a double holds exactly; nil for fractions and others.
    public var unsignedIntegerValue: UInt64? {
        guard case .number(let value) = self, value >= 0, value <= 9_007_199_254_740_992, value.rounded() == value
        else { return nil }
        return UInt64(value)
    }
}

/// One key and value of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public let key: String
    public let value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Why JSON text was refused, with the byte offset where parsing stopped.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let reason: String

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
