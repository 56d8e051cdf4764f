/// Syntax rules shared by every text field, checked on construction and on decoding alike.
enum FieldRules {
    /// Identifiers are URL path segments: RFC 3986 unreserved characters only, 1…64 bytes.
    static func checkIdentifier(_ value: String, field: String) throws(FormatError) {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty else { throw .invalidValue(field: field, reason: "must not be empty") }
        guard bytes.count <= Limits.identifierBytesMax else {
            throw .tooLong(field: field, bytesMax: Limits.identifierBytesMax, actual: bytes.count)
        }
        for byte in bytes {
            let allowed =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            guard allowed else {
                throw .invalidValue(field: field, reason: "only A-Z a-z 0-9 - . _ ~ are allowed (URL-safe)")
            }
        }
    }

    /// Human-readable text: valid UTF-8 (guaranteed by String), no control characters, within a byte limit.
    static func checkText(_ value: String, field: String, bytesMax: Int, allowEmpty: Bool) throws(FormatError) {
        let count = value.utf8.count
        guard allowEmpty || count > 0 else { throw .invalidValue(field: field, reason: "must not be empty") }
        guard count <= bytesMax else { throw .tooLong(field: field, bytesMax: bytesMax, actual: count) }
        for scalar in value.unicodeScalars where scalar.properties.generalCategory == .control {
            throw .invalidValue(field: field, reason: "contains control character U+\(String(scalar.value, radix: 16))")
        }
    }

    /// ISO 3166-1 alpha-2 country codes: two uppercase ASCII letters.
    static func checkCountry(_ value: String) throws(FormatError) {
        let bytes = Array(value.utf8)
        guard bytes.count == 2, bytes.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw .invalidValue(field: "country", reason: "must be an ISO 3166-1 alpha-2 code such as JM or TT")
        }
    }

    /// A BCP 47 language tag in its common form: subtags of 1…8 ASCII letters and digits joined by "-", the first
    /// 2…8 letters (RFC 5646 §2.1), at most `Limits.languageTagBytesMax` bytes.
    static func checkLanguageTag(_ value: String) throws(FormatError) {
        let reason = "must be a BCP 47 language tag such as en, es or fr-HT"
        guard value.utf8.count <= Limits.languageTagBytesMax else {
            throw .tooLong(field: "language", bytesMax: Limits.languageTagBytesMax, actual: value.utf8.count)
        }
        let subtags = value.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = subtags.first, (2...8).contains(primary.utf8.count),
            primary.utf8.allSatisfy(Self.isASCIILetter)
        else { throw .invalidValue(field: "language", reason: reason) }
        for subtag in subtags.dropFirst() {
            guard (1...8).contains(subtag.utf8.count),
                subtag.utf8.allSatisfy({ Self.isASCIILetter($0) || ($0 >= 0x30 && $0 <= 0x39) })
            else { throw .invalidValue(field: "language", reason: reason) }
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
