/// Writes JSON for people and tools: members in the order given, two-space indents, a final newline.
/// Numbers and strings are written as RFC 8785 writes them, so the output is also valid I-JSON.
public enum JSONWriter {
    public static func pretty(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        append(value, indent: 0, to: &output)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    private static func append(_ value: JSONValue, indent: Int, to output: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                output.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
                output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                append(element, indent: indent + 2, to: &output)
            }
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            output.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                output.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
                output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                CanonicalJSON.appendString(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                append(member.value, indent: indent + 2, to: &output)
            }
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            output.append(UInt8(ascii: "}"))
        default:
            CanonicalJSON.append(value, to: &output)
        }
    }
}
