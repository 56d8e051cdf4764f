import Foundation
import LedgerCore
import LedgerParallel
import LedgerStore
import Testing

@Suite("ECDSA P-256 through OpenSSL EVP")
struct ECDSATests {
    static let p256Order = TestSupport.bytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")

    @Test("sign then verify; a different message, key or flipped bit is a mismatch")
    func signAndVerify() throws {
        let key = try P256PrivateKey.generate()
        let other = try P256PrivateKey.generate()
        let message = Array("issue credential CXC-2026-0001".utf8)
        let signature = try key.sign(message: message)
        #expect(key.publicKey.verify(signature: signature, message: message) == .valid)
        #expect(key.publicKey.verify(signature: signature, message: message + [0]) == .mismatch)
        #expect(other.publicKey.verify(signature: signature, message: message) == .mismatch)
        var flipped = signature
        flipped[flipped.count - 1] ^= 0x01
        #expect(key.publicKey.verify(signature: flipped, message: message) != .valid)
    }

    @Test("one key checked on every core at once, valid and forged signatures interleaved: every verdict is right")
    func concurrentVerification() throws {
        // Verification reuses pooled OpenSSL contexts; a failed check must not leave state for the next one.
        let key = try P256PrivateKey.generate()
        let messages = (0..<64).map { Array("credential \($0)".utf8) }
        let signatures = try messages.map { try key.sign(message: $0) }
        let publicKey = key.publicKey
        let verdicts = Parallel.map(count: 4_000) { index -> Bool in
            let slot = index % messages.count
            switch index % 3 {
            case 0: return publicKey.verify(signature: signatures[slot], message: messages[slot]) == .valid
            case 1: return publicKey.verify(signature: signatures[slot], message: messages[slot] + [1]) == .mismatch
            default:
                var forged = signatures[slot]
                forged[forged.count - 2] ^= 0x40
                return publicKey.verify(signature: forged, message: messages[slot]) != .valid
            }
        }
        #expect(verdicts.allSatisfy { $0 }, "\(verdicts.count { !$0 }) wrong verdicts")
    }

    @Test("signatures are always low-S; the high-S twin is refused as malleated")
    func lowSOnlyAndHighSRejected() throws {
        let key = try P256PrivateKey.generate()
        let message = Array("malleability".utf8)
        for _ in 0..<40 {
            let signature = try key.sign(message: message)
            let (r, s) = try Self.splitDER(signature)
            #expect(Self.isLow(s))
            let twin = Self.encodeDER(r: r, s: Self.subtract(Self.p256Order, s))
            #expect(key.publicKey.verify(signature: twin, message: message) == .highS)
        }
    }

    @Test("malformed DER is refused: empty, truncated, trailing byte, too long")
    func malformedSignatures() throws {
        let key = try P256PrivateKey.generate()
        let message = Array("x".utf8)
        let signature = try key.sign(message: message)
        #expect(key.publicKey.verify(signature: [], message: message) == .malformed)
        #expect(key.publicKey.verify(signature: Array(signature.dropLast()), message: message) == .malformed)
        #expect(key.publicKey.verify(signature: signature + [0], message: message) == .malformed)
        #expect(key.publicKey.verify(signature: [UInt8](repeating: 0x30, count: 80), message: message) == .malformed)
    }

    @Test("PEM round trip: PKCS#8 private and SPKI public keep the key id")
    func pemRoundTrip() throws {
        let key = try P256PrivateKey.generate()
        #expect(key.pkcs8PEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(key.publicKey.pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let reloaded = try P256PrivateKey(pem: key.pkcs8PEM)
        #expect(reloaded.publicKey == key.publicKey)
        let publicKey = try P256PublicKey(pem: key.publicKey.pem)
        #expect(publicKey.keyID == key.publicKey.keyID)
        #expect(publicKey.keyID == SHA256.hash(publicKey.spkiDER))
        #expect(publicKey.spkiDER.count == 91)
        #expect(try P256PublicKey(spkiDER: publicKey.spkiDER) == publicKey)
    }

    @Test("bad keys are refused with a reason: garbage PEM, other curve, trailing DER, truncated DER")
    func badKeysRefused() throws {
        #expect(throws: CryptoError.self) { try P256PrivateKey(pem: "not a key") }
        #expect(throws: CryptoError.self) {
            try P256PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
        }
        let spki = try P256PrivateKey.generate().publicKey.spkiDER
        #expect(throws: CryptoError.self) { try P256PublicKey(spkiDER: spki + [0]) }
        #expect(throws: CryptoError.self) { try P256PublicKey(spkiDER: Array(spki.dropLast())) }
        #expect(throws: CryptoError.self) { try P256PublicKey(spkiDER: []) }
        let directory = try TestSupport.temporaryDirectory()
        let secp384 = directory.appendingPathComponent("p384.pem").path
        let result = try TestSupport.run(
            "openssl", ["ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", secp384])
        #expect(result.status == 0)
        let pem = try String(contentsOfFile: secp384, encoding: .utf8)
        #expect(throws: CryptoError.wrongCurve("secp384r1")) { try P256PrivateKey(pem: pem) }
    }

    @Test("an openssl CLI signature verifies in LedgerCore, after low-S normalisation when needed")
    func opensslSignatureVerifiesHere() throws {
        let directory = try TestSupport.temporaryDirectory()
        let keyPath = directory.appendingPathComponent("key.pem").path
        let messagePath = directory.appendingPathComponent("message.bin").path
        let signaturePath = directory.appendingPathComponent("message.sig").path
        #expect(
            try TestSupport.run(
                "openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyPath]
            ).status == 0)
        let message = Array("signed by the openssl command".utf8)
        try Data(message).write(to: URL(fileURLWithPath: messagePath))
        let key = try KeyFile.readPrivateKey(path: keyPath)
        for _ in 0..<8 {
            let signed = try TestSupport.run(
                "openssl", ["dgst", "-sha256", "-sign", keyPath, "-out", signaturePath, messagePath])
            #expect(signed.status == 0)
            let signature = [UInt8](try Data(contentsOf: URL(fileURLWithPath: signaturePath)))
            let verdict = key.publicKey.verify(signature: signature, message: message)
            let (r, s) = try Self.splitDER(signature)
            // openssl does not normalise S, so about half its signatures are high-S and refused as such.
            #expect(verdict == (Self.isLow(s) ? .valid : .highS))
            let lowS = Self.isLow(s) ? s : Self.subtract(Self.p256Order, s)
            #expect(key.publicKey.verify(signature: Self.encodeDER(r: r, s: lowS), message: message) == .valid)
        }
    }

    @Test("a LedgerCore signature verifies with openssl dgst -verify; a tampered one does not")
    func signatureVerifiesWithOpenSSL() throws {
        let directory = try TestSupport.temporaryDirectory()
        let key = try P256PrivateKey.generate()
        let prefix = directory.appendingPathComponent("validator").path
        try KeyFile.writeKeyPair(key, prefix: prefix)
        let message = Array("mcledger/commit/v1 example".utf8)
        let messagePath = directory.appendingPathComponent("message.bin").path
        let signaturePath = directory.appendingPathComponent("message.sig").path
        try Data(message).write(to: URL(fileURLWithPath: messagePath))
        var signature = try key.sign(message: message)
        try Data(signature).write(to: URL(fileURLWithPath: signaturePath))
        let verified = try TestSupport.run(
            "openssl", ["dgst", "-sha256", "-verify", prefix + ".pub.pem", "-signature", signaturePath, messagePath])
        #expect(verified.status == 0)
        #expect(verified.standardOutput.contains("Verified OK"))
        signature[10] ^= 0x40
        try Data(signature).write(to: URL(fileURLWithPath: signaturePath))
        let refused = try TestSupport.run(
            "openssl", ["dgst", "-sha256", "-verify", prefix + ".pub.pem", "-signature", signaturePath, messagePath])
        #expect(refused.status != 0)
    }

    @Test("key files: private key is mode 0600, existing files are never overwritten")
    func keyFileModes() throws {
        let directory = try TestSupport.temporaryDirectory()
        let prefix = directory.appendingPathComponent("issuer").path
        let key = try P256PrivateKey.generate()
        try KeyFile.writeKeyPair(key, prefix: prefix)
        let attributes = try FileManager.default.attributesOfItem(atPath: prefix + ".key.pem")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(throws: CryptoError.self) { try KeyFile.writeKeyPair(try P256PrivateKey.generate(), prefix: prefix) }
        #expect(try KeyFile.readPrivateKey(path: prefix + ".key.pem").publicKey == key.publicKey)
        #expect(try KeyFile.readPublicKey(path: prefix + ".pub.pem") == key.publicKey)
        #expect(throws: CryptoError.self) { try KeyFile.readPublicKey(path: prefix + ".missing.pem") }
    }

    // MARK: - Minimal DER and big-number helpers, independent of the code under test.

    struct DERError: Error {}

    static func splitDER(_ der: [UInt8]) throws -> ([UInt8], [UInt8]) {
        guard der.count > 8, der[0] == 0x30, Int(der[1]) == der.count - 2, der[2] == 0x02 else { throw DERError() }
        let rLength = Int(der[3])
        let r = Array(der[4..<4 + rLength])
        guard der[4 + rLength] == 0x02 else { throw DERError() }
        let sLength = Int(der[5 + rLength])
        let s = Array(der[6 + rLength..<6 + rLength + sLength])
        return (strip(r), strip(s))
    }

    static func strip(_ integer: [UInt8]) -> [UInt8] {
        Array(integer.drop { $0 == 0 })
    }

    static func padded(_ integer: [UInt8]) -> [UInt8] {
        [UInt8](repeating: 0, count: 32 - integer.count) + integer
    }

    static func isLow(_ s: [UInt8]) -> Bool {
        let half = TestSupport.bytes("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8")
        return !half.lexicographicallyPrecedes(padded(s))
    }

    static func subtract(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        let a = padded(left)
        let b = padded(right)
        var result = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in stride(from: 31, through: 0, by: -1) {
            var value = Int(a[index]) - Int(b[index]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            result[index] = UInt8(value)
        }
        return strip(result)
    }

    static func encodeDER(r: [UInt8], s: [UInt8]) -> [UInt8] {
        func integer(_ value: [UInt8]) -> [UInt8] {
            let body = (value.first ?? 0) >= 0x80 ? [0] + value : value
            return [0x02, UInt8(body.count)] + body
        }
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }
}
