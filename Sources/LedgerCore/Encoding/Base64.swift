/// Standard base64 (RFC 4648 §4) with padding, as proof bundles carry bytes; strict on decode.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let first = bytes[index]
            let second = remaining > 1 ? bytes[index + 1] : 0
            let third = remaining > 2 ? bytes[index + 2] : 0
            output.append(alphabet[Int(first >> 2)])
            output.append(alphabet[Int((first & 0x03) << 4 | second >> 4)])
            output.append(remaining > 1 ? alphabet[Int((second & 0x0F) << 2 | third >> 6)] : UInt8(ascii: "="))
            output.append(remaining > 2 ? alphabet[Int(third & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes padded base64; nil for a wrong length, a character outside the alphabet, or non-zero pad bits.
    public static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count / 4 * 3)
        var index = 0
        while index < characters.count {
            let isLast = index + 4 == characters.count
            let padding = isLast ? characters[(index + 2)...].count { $0 == UInt8(ascii: "=") } : 0
            if padding == 1 && characters[index + 3] != UInt8(ascii: "=") { return nil }
            if padding == 2 && characters[index + 2] != UInt8(ascii: "=") { return nil }
            var values: [UInt8] = []
            for character in characters[index..<index + 4 - padding] {
                let value = reverse[Int(character)]
                guard value != 0xFF else { return nil }
                values.append(value)
            }
            output.append(values[0] << 2 | values[1] >> 4)
            if padding < 2 { output.append(values[1] << 4 | values[2] >> 2) }
            if padding < 1 { output.append(values[2] << 6 | values[3]) }
            // Canonical form: the bits a pad character stands for must be zero.
            if padding == 1 && values[2] & 0x03 != 0 { return nil }
            if padding == 2 && values[1] & 0x0F != 0 { return nil }
            index += 4
        }
        return output
    }
}
