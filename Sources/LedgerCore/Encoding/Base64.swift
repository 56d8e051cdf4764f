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
        var text = text
        return text.withUTF8 { decode(characters: $0) }
    }

    private static func decode(characters: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard characters.count % 4 == 0 else { return nil }
        let pad = UInt8(ascii: "=")
        var padding = 0
        if characters.count >= 4 {
            if characters[characters.count - 1] == pad { padding = characters[characters.count - 2] == pad ? 2 : 1 }
        }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count / 4 * 3)
        var index = 0
        while index < characters.count {
            let isLast = index + 4 == characters.count
            let used = isLast ? 4 - padding : 4
            // Four 6-bit values into 24 bits; a pad position contributes zero bits.
            var group: UInt32 = 0
            for offset in 0..<4 {
                var value: UInt8 = 0
                if offset < used {
                    value = reverse[Int(characters[index + offset])]
                    guard value != 0xFF else { return nil }
                }
                group = group << 6 | UInt32(value)
            }
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            if used > 2 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if used > 3 { output.append(UInt8(truncatingIfNeeded: group)) }
            // Canonical form: the bits a pad character stands for must be zero.
            if used == 3 && group & 0xFF != 0 { return nil }
            if used == 2 && group & 0xFFFF != 0 { return nil }
            index += 4
        }
        return output
    }
}
