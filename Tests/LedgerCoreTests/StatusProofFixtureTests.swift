import Foundation
import LedgerCore
import Testing

/// One set of status-proof fixtures (Vectors/status-proofs/cases.json) drives every status-proof verifier: this
/// suite checks the Swift one and that the file is what the generator below makes; VerdictAgreementTests runs
/// examples/verify_proof.py over the same file. Regenerate with MCLEDGER_WRITE_FIXTURES=1.
@Suite("Status-proof fixtures: one file, every verifier")
struct StatusProofFixtureTests {
    static let file = TestSupport.vectorsDirectory.appendingPathComponent("status-proofs/cases.json")

    struct Case {
        let name: String
        let root: SHA256Digest
        let keyHash: SHA256Digest
        let value: [UInt8]?
        let proof: SparseMerkleProof
        /// nil when the proof must be accepted, else the Swift verifier's error code.
        let refusal: String?

        var json: [String: Any] {
            [
                "name": name, "root": root.hex, "keyHash": keyHash.hex,
                "value": value.map { Hex.encode($0) } ?? NSNull(),
                "leaf": proof.leaf.map { ["keyHash": $0.keyHash.hex, "valueHash": $0.valueHash.hex] } ?? NSNull(),
                "siblings": proof.siblings.map(\.hex), "expect": refusal.map { "refuse:\($0)" } ?? "accept",
            ]
        }
    }

    static func flipped(_ digest: SHA256Digest) -> SHA256Digest {
        var bytes = digest.bytes
        bytes[31] ^= 1
        return try! SHA256Digest(bytes: bytes)
    }

    /// Deterministic cases over a 64-record map: every accepted shape and every mutation the verifier refuses.
    static func cases() throws -> [Case] {
        let chainID = SHA256.hash(Array("status-proof-fixtures".utf8))
        var map = SparseMerkleTree()
        var values: [SHA256Digest: [UInt8]] = [:]
        var keys: [SHA256Digest] = []
        for index in 0..<64 {
            let key = try StatusKey.hash(chainID: chainID, kind: .credential, recordID: "credential-\(index)")
            let record = StatusRecord.credential(
                .init(
                    state: index % 5 == 0 ? .revoked : .active, reasonCode: index % 5 == 0 ? 2 : 0,
                    changedAtHeight: UInt64(index / 8 + 1), changeLedgerIndex: UInt64(index),
                    issuanceLedgerIndex: UInt64(index)))
            keys.append(key)
            values[key] = record.encoded
        }
        map.update(keys.map { SparseMerkleTree.Entry(keyHash: $0, value: values[$0]!) })
        let root = map.rootHash
        let absentKeys = try (0..<64).map {
            try StatusKey.hash(chainID: chainID, kind: .credential, recordID: "never-issued-\($0)")
        }
        let absentWithLeaf = try #require(absentKeys.first { map.proof(for: $0).leaf != nil })
        let absentEmpty = try #require(absentKeys.first { map.proof(for: $0).leaf == nil })
        let deepest = try #require(keys.max { map.proof(for: $0).siblings.count < map.proof(for: $1).siblings.count })
        let key = keys[0]
        let value = values[key]!
        let proof = map.proof(for: key)
        let absence = map.proof(for: absentWithLeaf)
        var siblingFlipped = proof.siblings
        siblingFlipped[siblingFlipped.count / 2] = flipped(siblingFlipped[siblingFlipped.count / 2])
        // The absence proof offered for a key whose first bit differs from the one it was made for.
        var elsewhereBytes = absentWithLeaf.bytes
        elsewhereBytes[0] ^= 0x80
        let elsewhere = try SHA256Digest(bytes: elsewhereBytes)
        return [
            Case(name: "inclusion", root: root, keyHash: key, value: value, proof: proof, refusal: nil),
            Case(
                name: "inclusion, deepest path", root: root, keyHash: deepest, value: values[deepest],
                proof: map.proof(for: deepest), refusal: nil),
            Case(
                name: "absence at a leaf", root: root, keyHash: absentWithLeaf, value: nil, proof: absence, refusal: nil
            ),
            Case(
                name: "absence at an empty subtree", root: root, keyHash: absentEmpty, value: nil,
                proof: map.proof(for: absentEmpty), refusal: nil),
            Case(
                name: "absence in the empty map", root: SparseMerkleHasher.placeholder, keyHash: key, value: nil,
                proof: SparseMerkleTree().proof(for: key), refusal: nil),
            Case(
                name: "a flipped bit in a sibling", root: root, keyHash: key, value: value,
                proof: SparseMerkleProof(leaf: proof.leaf, siblings: siblingFlipped), refusal: "root_mismatch"),
            Case(
                name: "another record's value", root: root, keyHash: key, value: values[keys[1]], proof: proof,
                refusal: "value_mismatch"),
            Case(
                name: "a proof for another key", root: root, keyHash: keys[1], value: values[keys[1]], proof: proof,
                refusal: "key_mismatch"),
            Case(
                name: "an absence proof with a leaf on another path", root: root, keyHash: elsewhere, value: nil,
                proof: absence, refusal: "leaf_off_path"),
            Case(
                name: "a present key claimed absent", root: root, keyHash: key, value: nil, proof: proof,
                refusal: "key_is_present"),
            Case(
                name: "a record claimed with an absence proof", root: root, keyHash: absentEmpty, value: value,
                proof: map.proof(for: absentEmpty), refusal: "expected_inclusion"),
            Case(
                name: "257 siblings", root: root, keyHash: key, value: value,
                proof: SparseMerkleProof(leaf: proof.leaf, siblings: Array(repeating: root, count: 257)),
                refusal: "too_many_siblings"),
            Case(
                name: "an extra placeholder sibling", root: root, keyHash: key, value: value,
                proof: SparseMerkleProof(leaf: proof.leaf, siblings: [SparseMerkleHasher.placeholder] + proof.siblings),
                refusal: "root_mismatch"),
            Case(
                name: "a sibling dropped", root: root, keyHash: key, value: value,
                proof: SparseMerkleProof(leaf: proof.leaf, siblings: Array(proof.siblings.dropFirst())),
                refusal: "root_mismatch"),
            Case(name: "an empty value", root: root, keyHash: key, value: [], proof: proof, refusal: "empty_value"),
            Case(
                name: "another map's root", root: flipped(root), keyHash: key, value: value, proof: proof,
                refusal: "root_mismatch"),
        ]
    }

    static func encoded(_ cases: [Case]) throws -> Data {
        let document: [String: Any] = [
            "description": "Status-proof cases (docs/FORMATS.md, Status map); made by StatusProofFixtureTests.",
            "cases": cases.map(\.json),
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            + Data("\n".utf8)
    }

    @Test("the file is what the generator makes")
    func fileIsCurrent() throws {
        let made = try Self.encoded(try Self.cases())
        if ProcessInfo.processInfo.environment["MCLEDGER_WRITE_FIXTURES"] == "1" { try made.write(to: Self.file) }
        #expect(try Data(contentsOf: Self.file) == made, "regenerate with MCLEDGER_WRITE_FIXTURES=1")
    }

    @Test("the Swift verifier gives each case's verdict")
    func swiftVerdicts() throws {
        let cases = try Self.cases()
        #expect(cases.count == 16)
        for item in cases {
            var refusal: String?
            do {
                if let value = item.value {
                    try item.proof.verifyInclusion(root: item.root, keyHash: item.keyHash, value: value)
                } else {
                    try item.proof.verifyAbsence(root: item.root, keyHash: item.keyHash)
                }
            } catch {
                refusal = error.code
            }
            #expect(refusal == item.refusal, "\(item.name)")
        }
    }
}
