import LedgerCore
import Testing

@Suite("Commit checkpoints: the text validators sign, and its separation from every other signed encoding")
struct CommitCheckpointTests {
    static func checkpoint(chainName: String = "test-chain", chainID: SHA256Digest = SHA256.hash([1]))
        -> CommitCheckpoint
    {
        CommitCheckpoint(
            chainName: chainName, chainID: chainID, ledgerSize: 1_234, ledgerRoot: SHA256.hash([2]), height: 56,
            round: 7, headerHash: SHA256.hash([3]))
    }

    @Test("the text has the origin, size, root and the height, round and header lines, and parses back")
    func textAndParse() throws {
        let commit = Self.checkpoint()
        let lines = commit.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines[0] == "test-chain/\(SHA256.hash([1]).hex)")
        #expect(lines[1] == "1234" && lines[2] == Base64.encode(SHA256.hash([2]).bytes))
        #expect(lines[3] == "height 56" && lines[4] == "round 7")
        #expect(lines[5] == "header \(Base64.encode(SHA256.hash([3]).bytes))")
        let parsed = try CommitCheckpoint.parse(text: commit.text, chainName: "test-chain", chainID: SHA256.hash([1]))
        #expect(parsed == commit)
    }

    @Test("another chain's origin, a missing or extra line, and non-canonical numbers are refused")
    func refusals() {
        let commit = Self.checkpoint()
        let chainID = SHA256.hash([1])
        #expect(throws: FormatError.self) {
            try CommitCheckpoint.parse(text: commit.text, chainName: "test-chain", chainID: SHA256.hash([9]))
        }
        #expect(throws: FormatError.self) {
            try CommitCheckpoint.parse(text: commit.text, chainName: "other-chain", chainID: chainID)
        }
        let edits = [
            ("height 56\n", ""), ("round 7\n", "round 07\n"), ("height 56\n", "height 56\nheight 57\n"),
            ("round 7\n", "round 4294967296\n"), ("header ", "header  "), ("height 56", "Height 56"),
        ]
        for (original, replacement) in edits {
            let text = commit.text.replacingOccurrences(of: original, with: replacement)
            #expect(throws: FormatError.self, "\(text)") {
                try CommitCheckpoint.parse(text: text, chainName: "test-chain", chainID: chainID)
            }
        }
    }

    static let domainTags = [
        DomainTag.transaction, DomainTag.commit, DomainTag.consensus, DomainTag.genesis, DomainTag.peerHandshake,
        DomainTag.statusKey, DomainTag.validatorSet,
    ]

    @Test("no domain tag can begin a checkpoint: each is mcledger/ and a word that holds a non-hex letter")
    func domainTagsAreNotOrigins() {
        let hexDigits = Set("0123456789abcdef")
        for tag in Self.domainTags {
            #expect(tag.hasPrefix("mcledger/"))
            let word = tag.dropFirst("mcledger/".count)
            // Only a chain named "mcledger" puts a slash there, and 64 hex digits follow it in an origin.
            #expect(word.contains { !hexDigits.contains($0) }, "\(tag)")
        }
        // The closest an origin can come: a chain named "mcledger".
        let text = Self.checkpoint(chainName: "mcledger").text
        for tag in Self.domainTags { #expect(!text.hasPrefix(tag), "\(tag)") }
        #expect(throws: FormatError.wrongMagic(expected: DomainTag.transaction)) {
            try TransactionBody.decode(Array(text.utf8))
        }
    }

    @Test("no transaction body reads as checkpoint text, and no checkpoint text as a transaction body")
    func transactionsAndCheckpointsAreDisjoint() throws {
        let chain = try TestChain()
        let issuer = try P256PrivateKey.generate()
        let bodies =
            [
                try chain.registerIssuer("issuer-1", key: issuer), try chain.define("definition-1", by: issuer),
                try chain.issue("credential-1", by: issuer), try chain.revoke("credential-1", by: issuer),
                try chain.suspend("credential-1", by: issuer), try chain.reinstate("credential-1", by: issuer),
            ].map(\.body.encoded)
            // What validators sign for every other consensus message.
            + [ConsensusMessageKind.proposal, .prepare, .roundChange].map { kind in
                ConsensusVote.signedBytes(
                    kind: kind, genesis: chain.genesis, height: 1, round: 0, digest: SHA256.hash([1]),
                    preparedRound: nil, ledgerHead: nil)
            }
        let chainID = chain.genesis.chainID
        for body in bodies {
            #expect(throws: FormatError.self) { try SignedNote.parse(body + Array("\n\n— a AAAAAAE=\n".utf8)) }
            let asText = String(decoding: body, as: UTF8.self)
            #expect(throws: FormatError.self) {
                try CommitCheckpoint.parse(text: asText + "\n", chainName: chain.genesis.chainName, chainID: chainID)
            }
        }
        let checkpoint = Self.checkpoint(chainName: chain.genesis.chainName, chainID: chainID)
        #expect(throws: FormatError.self) { try TransactionBody.decode(Array(checkpoint.text.utf8)) }
    }
}
