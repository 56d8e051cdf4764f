/// Why bytes or text could not be decoded as one of the ledger's formats; names the offending field.
public enum FormatError: Error, Sendable, Hashable, CustomStringConvertible {
    case truncated(field: String)
    case trailingBytes(count: Int)
    case wrongLength(field: String, expected: Int, actual: Int)
    case tooLong(field: String, bytesMax: Int, actual: Int)
    case tooMany(field: String, countMax: Int, actual: Int)
    case invalidHex(field: String)
    case invalidBase64(field: String)
    case unknownTag(field: String, value: UInt64)
    case unsupportedVersion(field: String, version: UInt64)
    case wrongMagic(expected: String)
    case nonCanonical(field: String, reason: String)
    case invalidValue(field: String, reason: String)
    case invalidUTF8(field: String)

    public var description: String {
        switch self {
        case .truncated(let field): "input ends inside \(field)"
        case .trailingBytes(let count): "\(count) unexpected trailing byte(s)"
        case .wrongLength(let field, let expected, let actual): "\(field) must be \(expected) bytes, got \(actual)"
        case .tooLong(let field, let bytesMax, let actual): "\(field) is \(actual) bytes, above the limit \(bytesMax)"
        case .tooMany(let field, let countMax, let actual):
            "\(field) has \(actual) entries, above the limit \(countMax)"
        case .invalidHex(let field): "\(field) is not valid hex"
        case .invalidBase64(let field): "\(field) is not valid base64"
        case .unknownTag(let field, let value): "\(field) has unknown value \(value)"
        case .unsupportedVersion(let field, let version): "\(field) version \(version) is not supported"
        case .wrongMagic(let expected): "input does not start with the tag \"\(expected)\""
        case .nonCanonical(let field, let reason): "\(field) is not in canonical form: \(reason)"
        case .invalidValue(let field, let reason): "\(field) is invalid: \(reason)"
        case .invalidUTF8(let field): "\(field) is not valid UTF-8"
        }
    }
}
