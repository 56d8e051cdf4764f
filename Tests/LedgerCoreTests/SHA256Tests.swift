import LedgerCore
import Testing

@Suite("SHA-256 through OpenSSL EVP")
struct SHA256Tests {
    @Test("FIPS 180-2 vectors: empty, abc, and the two-block message")
    func knownAnswers() {
        #expect(SHA256.hash([UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hash(twoBlocks).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("streaming in pieces equals one-shot, and the hasher resets after finalize")
    func streamingMatchesOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let hasher = SHA256Hasher()
        for chunkStart in stride(from: 0, to: message.count, by: 37) {
            hasher.update(message[chunkStart..<min(chunkStart + 37, message.count)])
        }
        #expect(hasher.finalize() == SHA256.hash(message))
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash(parts: [Array(message[..<10]), Array(message[10...])]) == SHA256.hash(message))
    }

    @Test("a single flipped input bit changes the digest")
    func flippedBitChangesDigest() {
        var message = Array("micro-credential".utf8)
        let original = SHA256.hash(message)
        message[3] ^= 0x01
        #expect(SHA256.hash(message) != original)
    }

    @Test("digest parsing: 64 hex digits only")
    func digestParsing() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(try SHA256Digest(hex: digest.hex) == digest)
        #expect(try SHA256Digest(hex: digest.hex.uppercased()) == digest)
        #expect(throws: FormatError.self) { try SHA256Digest(hex: String(digest.hex.dropLast(2))) }
        #expect(throws: FormatError.self) { try SHA256Digest(hex: digest.hex + "00") }
        #expect(throws: FormatError.self) { try SHA256Digest(hex: "zz" + digest.hex.dropFirst(2)) }
        #expect(throws: FormatError.self) { try SHA256Digest(bytes: [UInt8]()) }
        #expect(try SHA256Digest(bytes: digest.bytes) == digest)
    }
}
