import LedgerCore
import Testing

@Suite("Canonical transaction encoding")
struct TransactionEncodingTests {
    static func samples(_ chain: TestChain, issuerKey: P256PrivateKey) throws -> [SignedTransaction] {
        [
            try chain.registerIssuer("uwi-mona", key: issuerKey),
            try chain.define("def-data-protection", by: issuerKey),
            try chain.issue("cred-0001", by: issuerKey, definitionID: "def-data-protection"),
            try chain.sign(
                .issueCredential(
                    IssueCredential(
                        credentialID: "cred-0002", documentDigest: SHA256.hash([1]),
                        subjectCommitment: SHA256.hash([2]),
                        definitionID: nil, issuedAtMilliseconds: 5, expiresAtMilliseconds: 6)),
                by: issuerKey),
            try chain.suspend("cred-0001", by: issuerKey, reason: .feesOutstanding),
            try chain.reinstate("cred-0001", by: issuerKey),
            try chain.revoke("cred-0001", by: issuerKey),
        ]
    }

    @Test("every kind round-trips, re-encodes to the same bytes, and its id is SHA-256 of the body")
    func roundTrip() throws {
        let chain = try TestChain(validatorCount: 1)
        for transaction in try Self.samples(chain, issuerKey: try P256PrivateKey.generate()) {
            let decoded = try SignedTransaction.decode(transaction.encoded)
            #expect(decoded == transaction)
            #expect(decoded.encoded == transaction.encoded)
            #expect(decoded.id == SHA256.hash(transaction.body.encoded))
            #expect(Array(transaction.body.encoded.prefix(14)) == Array("mcledger/tx/v1".utf8))
            #expect(try TransactionBody.decode(transaction.body.encoded) == transaction.body)
        }
    }

    @Test("the id ignores the signature: two signatures of one body share an id")
    func idIndependentOfSignature() throws {
        let chain = try TestChain(validatorCount: 1)
        let key = try P256PrivateKey.generate()
        let body = try TransactionBody(
            chainID: chain.genesis.chainID, authorKeyID: key.publicKey.keyID,
            payload: .revokeCredential(RevokeCredential(credentialID: "x", reason: .superseded)))
        let first = try SignedTransaction.sign(body, with: key)
        let second = try SignedTransaction.sign(body, with: key)
        #expect(first.signature != second.signature)
        #expect(first.id == second.id)
        #expect(first.encoded != second.encoded)
    }

    @Test("every truncation and any trailing byte is refused, for every kind")
    func truncationAndTrailing() throws {
        let chain = try TestChain(validatorCount: 1)
        for transaction in try Self.samples(chain, issuerKey: try P256PrivateKey.generate()) {
            let bytes = transaction.encoded
            for length in 0..<bytes.count {
                #expect(throws: FormatError.self) { try SignedTransaction.decode(Array(bytes.prefix(length))) }
            }
            #expect(throws: FormatError.trailingBytes(count: 1)) { try SignedTransaction.decode(bytes + [0]) }
            #expect(throws: FormatError.self) { try TransactionBody.decode(transaction.body.encoded + [0]) }
        }
    }

    @Test("corrupted fields are refused: tag, kind, presence byte, enum values, UTF-8, identifiers")
    func corruptedFields() throws {
        let chain = try TestChain(validatorCount: 1)
        let key = try P256PrivateKey.generate()
        let issue = try chain.issue("cred-7", by: key).body.encoded
        let kindOffset = 14 + 32
        var wrongTag = issue
        wrongTag[0] = UInt8(ascii: "M")
        #expect(throws: FormatError.wrongMagic(expected: "mcledger/tx/v1")) { try TransactionBody.decode(wrongTag) }
        var unknownKind = issue
        unknownKind[kindOffset] = UInt8(TransactionKind.allCases.count + 1)
        #expect(throws: FormatError.unknownTag(field: "kind", value: UInt64(TransactionKind.allCases.count + 1))) {
            try TransactionBody.decode(unknownKind)
        }
        // issueCredential: ... credentialId (2 + 6) ‖ digest ‖ digest ‖ presence byte of definitionId.
        let presenceOffset = kindOffset + 1 + 32 + 2 + 6 + 32 + 32
        #expect(issue[presenceOffset] == 0)
        var badPresence = issue
        badPresence[presenceOffset] = 2
        #expect(throws: FormatError.self) { try TransactionBody.decode(badPresence) }
        var badIdentifier = issue
        badIdentifier[kindOffset + 1 + 32 + 2] = UInt8(ascii: "/")
        #expect(throws: FormatError.self) { try TransactionBody.decode(badIdentifier) }
        var badUTF8 = issue
        badUTF8[kindOffset + 1 + 32 + 2] = 0xFF
        #expect(throws: FormatError.invalidUTF8(field: "credentialID")) { try TransactionBody.decode(badUTF8) }
        let revoke = try chain.revoke("cred-7", by: key).body.encoded
        var badReason = revoke
        badReason[badReason.count - 1] = 77
        #expect(throws: FormatError.unknownTag(field: "reason", value: 77)) { try TransactionBody.decode(badReason) }
        var longLength = issue
        longLength[kindOffset + 1 + 32] = 0x01  // credentialId length 0x0106 = 262 > 64
        #expect(throws: FormatError.self) { try TransactionBody.decode(longLength) }
    }

    @Test("invalid field values cannot even be built")
    func constructorValidation() throws {
        let chain = TestChainValues()
        func body(_ payload: TransactionPayload) throws -> TransactionBody {
            try TransactionBody(chainID: chain.chainID, authorKeyID: chain.author, payload: payload)
        }
        let issue = IssueCredential(
            credentialID: "ok", documentDigest: .zero, subjectCommitment: .zero, definitionID: nil,
            issuedAtMilliseconds: 10,
            expiresAtMilliseconds: nil)
        var emptyID = issue
        emptyID.credentialID = ""
        var longID = issue
        longID.credentialID = String(repeating: "a", count: 65)
        var spaceID = issue
        spaceID.credentialID = "a b"
        var expiresEarly = issue
        expiresEarly.expiresAtMilliseconds = 10
        for bad in [emptyID, longID, spaceID, expiresEarly] {
            #expect(throws: FormatError.self) { try body(.issueCredential(bad)) }
        }
        var maxID = issue
        maxID.credentialID = String(repeating: "a", count: 64)
        #expect(throws: Never.self) { try body(.issueCredential(maxID)) }
        let register = RegisterIssuer(
            issuerID: "x", displayName: "X", country: "JM", publicKey: [1], accreditationNotes: "")
        var lowercaseCountry = register
        lowercaseCountry.country = "jm"
        var controlName = register
        controlName.displayName = "bad\u{7}name"
        var longName = register
        longName.displayName = String(repeating: "é", count: 101)
        var noKey = register
        noKey.publicKey = []
        for bad in [lowercaseCountry, controlName, longName, noKey] {
            #expect(throws: FormatError.self) { try body(.registerIssuer(bad)) }
        }
        let definition = RegisterDefinition(
            definitionID: "d", title: "T", notionalMinutes: 60, level: 4, format: .online, activity: .course)
        var zeroMinutes = definition
        zeroMinutes.notionalMinutes = 0
        var badLevel = definition
        badLevel.level = 11
        for bad in [zeroMinutes, badLevel] {
            #expect(throws: FormatError.self) { try body(.registerDefinition(bad)) }
        }
    }

    @Test("signatures outside 1…72 bytes are refused")
    func signatureBounds() throws {
        let values = TestChainValues()
        let body = try TransactionBody(
            chainID: values.chainID, authorKeyID: values.author,
            payload: .revokeCredential(RevokeCredential(credentialID: "c", reason: .unspecified)))
        #expect(throws: FormatError.self) { try SignedTransaction(body: body, signature: []) }
        #expect(throws: FormatError.self) {
            try SignedTransaction(body: body, signature: [UInt8](repeating: 1, count: 73))
        }
    }

    struct TestChainValues {
        let chainID = SHA256.hash(Array("chain".utf8))
        let author = SHA256.hash(Array("author".utf8))
    }
}
