import Foundation
import LedgerCore
import Testing

@Suite("RFC 8785 JSON canonicalization and the strict JSON parser")
struct CanonicalJSONTests {
    static func vector(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TestSupport.vectorsDirectory.appendingPathComponent(name)))
    }

    static func canonical(_ text: String) throws -> String {
        String(decoding: try CanonicalJSON.canonicalize(Array(text.utf8)), as: UTF8.self)
    }

    @Test("RFC 8785 §3.2.2 example: literals, numbers and string escaping")
    func rfcSerializationExample() throws {
        let output = try CanonicalJSON.canonicalize(Self.vector("rfc8785/section-3.2.2-input.json"))
        #expect(output == (try Self.vector("rfc8785/section-3.2.2-output.json")))
    }

    @Test("RFC 8785 §3.2.3 example: keys sort by UTF-16 code units, not by scalar value")
    func rfcSortingExample() throws {
        let output = try CanonicalJSON.canonicalize(Self.vector("rfc8785/section-3.2.3-input.json"))
        #expect(output == (try Self.vector("rfc8785/section-3.2.3-output.json")))
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 but after it by scalar value.
        let text = String(decoding: output, as: UTF8.self)
        let emoji = try #require(text.range(of: "\u{1F600}"))
        let dalet = try #require(text.range(of: "\u{FB33}"))
        #expect(emoji.lowerBound < dalet.lowerBound)
    }

    @Test("RFC 8785 Appendix B number samples")
    func appendixBNumbers() {
        let samples: [(UInt64, String)] = [
            (0x0000_0000_0000_0000, "0"), (0x8000_0000_0000_0000, "0"), (0x0000_0000_0000_0001, "5e-324"),
            (0x8000_0000_0000_0001, "-5e-324"), (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
            (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"), (0x4340_0000_0000_0000, "9007199254740992"),
            (0xC340_0000_0000_0000, "-9007199254740992"), (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"), (0x44B5_2D02_C7E1_4AF6, "1e+23"),
            (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"), (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
            (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"), (0x444B_1AE4_D6E2_EF50, "1e+21"),
            (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"), (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
            (0x41B3_DE43_5555_5553, "333333333.3333332"), (0x41B3_DE43_5555_5554, "333333333.33333325"),
            (0x41B3_DE43_5555_5555, "333333333.3333333"), (0x41B3_DE43_5555_5556, "333333333.3333334"),
            (0x41B3_DE43_5555_5557, "333333333.33333343"), (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
            (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
        ]
        for (bits, expected) in samples {
            #expect(ECMAScriptNumber.format(Double(bitPattern: bits)) == expected, "bits \(String(bits, radix: 16))")
        }
    }

    struct NumberVectors: Decodable {
        let source: String
        let cases: [[String]]
    }

    @Test("3,012 doubles agree with node's Number.prototype.toString")
    func numbersAgreeWithECMAScript() throws {
        let vectors = try JSONDecoder().decode(NumberVectors.self, from: Data(Self.vector("ecmascript-numbers.json")))
        #expect(vectors.cases.count > 3_000)
        for entry in vectors.cases {
            let bits = try #require(UInt64(entry[0], radix: 16))
            #expect(ECMAScriptNumber.format(Double(bitPattern: bits)) == entry[1], "bits \(entry[0])")
        }
    }

    @Test("edge cases: whitespace, nesting, escapes, idempotence, not JSONEncoder.sortedKeys")
    func edgeCases() throws {
        #expect(
            try Self.canonical(" { \"b\" : [ 1 , 2.50 ] , \"a\" : { \"d\":true,\"c\":null } } ")
                == #"{"a":{"c":null,"d":true},"b":[1,2.5]}"#)
        #expect(try Self.canonical(#""\u001f\u0000\t\/é""#) == #""\u001f\u0000\t/é""#)
        #expect(try Self.canonical("-0") == "0")
        #expect(try Self.canonical("[1E2, 1e-7, 0.1e1, 100000000000000000000000]") == "[100,1e-7,1,1e+23]")
        #expect(try Self.canonical("{}") == "{}")
        #expect(try Self.canonical("[]") == "[]")
        let messy = #"{"z":{"y":[{"b":1,"a":2}]},"é":"x","e":"y","\u0000":0}"#
        let once = try CanonicalJSON.canonicalize(Array(messy.utf8))
        #expect(try CanonicalJSON.canonicalize(once) == once)
        #expect(String(decoding: once, as: UTF8.self) == #"{"\u0000":0,"e":"y","z":{"y":[{"a":2,"b":1}]},"é":"x"}"#)
    }

    @Test("malformed or non-I-JSON input is refused with a reason")
    func refusals() {
        let bad = [
            #"{"a":1,"a":2}"#, #""\ud800""#, #""\udc00x""#, "\"tab\there\"", "[1,]", "{\"a\" 1}", "01", "-", "1.",
            "1e", "+1", "1e400", "-1e400", "[1] x", "nul", "tru", #""\x""#, #""\u12g4""#, "", "[", "\"open",
            "{\"a\":1,}", "NaN", "Infinity",
        ]
        for text in bad {
            #expect(throws: JSONError.self, "\(text)") { try JSONParser.parse(Array(text.utf8)) }
        }
        #expect(throws: JSONError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        let deep =
            String(repeating: "[", count: Limits.jsonDepthMax + 1)
            + String(repeating: "]", count: Limits.jsonDepthMax + 1)
        #expect(throws: JSONError.self) { try JSONParser.parse(Array(deep.utf8)) }
        let deepest =
            String(repeating: "[", count: Limits.jsonDepthMax) + String(repeating: "]", count: Limits.jsonDepthMax)
        #expect(throws: Never.self) { try JSONParser.parse(Array(deepest.utf8)) }
        #expect(throws: JSONError.self) { try JSONParser.parse(Array("[1,2]".utf8), bytesMax: 4) }
    }

    @Test("surrogate pairs decode to one scalar and re-encode as UTF-8")
    func surrogatePairs() throws {
        #expect(try JSONParser.parse(Array(#""\ud83d\ude00""#.utf8)) == .string("\u{1F600}"))
        #expect(try Self.canonical(#""\ud83d\ude00""#) == "\"\u{1F600}\"")
    }

    @Test("base64 is strict: padding, alphabet and zero pad bits")
    func base64() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            let text = Base64.encode(bytes)
            #expect(text == Data(bytes).base64EncodedString())
            #expect(Base64.decode(text) == bytes)
        }
        #expect(Base64.decode("QQ") == nil)
        #expect(Base64.decode("QR==") == nil)
        #expect(Base64.decode("Q===") == nil)
        #expect(Base64.decode("QQ=A") == nil)
        #expect(Base64.decode("QQ==QQ==") == nil)
        #expect(Base64.decode("Q!==") == nil)
        #expect(Base64.decode("QUJ=") == nil)
        #expect(Base64.decode("QUI=") == [0x41, 0x42])
        #expect(Base64.decode("") == [])
    }
}
