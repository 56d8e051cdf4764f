import LedgerCore
import Testing

@Suite("Status map: records of issued credentials and registered issuers, proven against the map's root")
struct StatusMapTests {
    /// The key as docs/FORMATS.md defines it, written out here rather than through StatusKey.
    static func key(_ chainID: SHA256Digest, _ kind: UInt8, _ id: String) -> [UInt8] {
        let idBytes = Array(id.utf8)
        let input =
            Array("mcledger/status-key/v1".utf8) + chainID.bytes + [
                kind, UInt8(idBytes.count >> 8), UInt8(idBytes.count & 0xFF),
            ]
            + idBytes
        return SHA256.hash(input).bytes
    }

    static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    /// The records the registry implies, encoded by hand from the layout in docs/FORMATS.md.
    static func expectedRecords(
        chain: TestChain, issuers: [String], credentials: [String]
    ) throws -> [(keyHash: [UInt8], valueHash: [UInt8])] {
        let chainID = chain.genesis.chainID
        var records: [(keyHash: [UInt8], valueHash: [UInt8])] = []
        for id in issuers {
            let issuer = try #require(chain.registry.issuer(id: id))
            let value =
                [1, 2, 1] + issuer.keyID.bytes + bigEndian(issuer.location.height)
                + bigEndian(issuer.location.ledgerIndex)
            records.append((key(chainID, 2, id), SHA256.hash(value).bytes))
        }
        for id in credentials {
            let credential = try #require(chain.registry.credential(id: id))
            let change = credential.stateChange.location
            let reason = credential.revocation?.reason.rawValue ?? credential.suspension?.reason?.rawValue ?? 0
            let state: UInt8 = credential.revocation != nil ? 3 : (credential.suspension?.reason != nil ? 2 : 1)
            let value =
                [1, 1, state, reason] + bigEndian(change.height) + bigEndian(change.ledgerIndex)
                + bigEndian(credential.location.ledgerIndex)
            records.append((key(chainID, 1, id), SHA256.hash(value).bytes))
        }
        return records
    }

    @Test("after every block, the map's root equals the reference's, and each record's proof verifies")
    func rootFollowsTheRegistry() throws {
        let chain = try TestChain()
        var map = StatusMap(chainID: chain.genesis.chainID)
        let issuerKeys = try (0..<2).map { _ in try P256PrivateKey.generate() }
        var issuers: [String] = []
        var credentials: [String] = []
        var generator = SeededGenerator(seed: 5)
        #expect(map.root == SparseMerkleHasher.placeholder)
        for height in 1...16 {
            var transactions: [SignedTransaction] = []
            if height <= 2 {
                issuers.append("issuer-\(height)")
                transactions.append(try chain.registerIssuer(issuers.last!, key: issuerKeys[height - 1]))
            } else {
                for _ in 0..<5 {
                    let id = "credential-\(credentials.count)"
                    credentials.append(id)
                    transactions.append(try chain.issue(id, by: issuerKeys[credentials.count % 2]))
                }
                // Each block also suspends one earlier credential, reinstates the oldest suspended one, and revokes
                // one more: every transition, including revoking a suspended credential.
                let earlier = Array(credentials.prefix(credentials.count - 5))
                func pick(_ state: CredentialState) -> (id: String, key: P256PrivateKey)? {
                    let candidates = earlier.indices.filter {
                        chain.registry.credential(id: earlier[$0])?.state == state
                    }
                    guard !candidates.isEmpty else { return nil }
                    let index = candidates[Int(generator.next() % UInt64(candidates.count))]
                    return (earlier[index], issuerKeys[(index + 1) % 2])
                }
                let suspended = pick(.suspended)
                let active = pick(.active)
                if let (id, key) = suspended {
                    transactions.append(
                        height % 3 == 0
                            ? try chain.revoke(id, by: key, reason: .superseded) : try chain.reinstate(id, by: key))
                }
                if let (id, key) = active, id != suspended?.id {
                    transactions.append(try chain.suspend(id, by: key, reason: .feesOutstanding))
                }
            }
            let accepted = try chain.appendBlock(transactions)
            map.apply(accepted.changes)
            let expected = try Self.expectedRecords(chain: chain, issuers: issuers, credentials: credentials)
            #expect(map.root.bytes == NaiveSparseMerkle.root(expected), "height \(height)")
        }
        let states = credentials.compactMap { chain.registry.credential(id: $0)?.state }
        #expect(Set(states) == [.active, .suspended, .revoked])
        #expect(credentials.contains { chain.registry.credential(id: $0)?.suspension?.isSuspension == false })
        for id in credentials {
            let (record, proof) = try map.proof(.credential, id: id)
            let found = try #require(record)
            let key = try StatusKey.hash(chainID: chain.genesis.chainID, kind: .credential, recordID: id)
            try proof.verifyInclusion(root: map.root, keyHash: key, value: found.encoded)
            #expect(try StatusRecord.decode(found.encoded) == found)
        }
        let (none, absence) = try map.proof(.credential, id: "never-issued")
        #expect(none == nil)
        try absence.verifyAbsence(
            root: map.root,
            keyHash: try StatusKey.hash(chainID: chain.genesis.chainID, kind: .credential, recordID: "never-issued"))
        // An issuer id is not a credential id: the kinds keep the keys apart.
        #expect(try map.record(.credential, id: issuers[0]) == nil)
        #expect(try map.record(.issuer, id: issuers[0]) != nil)
    }

    @Test(
        "records: every field round-trips; an unknown version, kind, state or reason and any trailing byte is refused")
    func recordEncoding() throws {
        let credential = StatusRecord.credential(
            .init(state: .revoked, reasonCode: 3, changedAtHeight: 9, changeLedgerIndex: 40, issuanceLedgerIndex: 12))
        let issuer = StatusRecord.issuer(
            .init(state: .active, keyID: SHA256.hash([1]), changedAtHeight: 2, changeLedgerIndex: 3))
        #expect(credential.encoded.count == 28 && issuer.encoded.count == 51)
        for record in [credential, issuer] {
            #expect(try StatusRecord.decode(record.encoded) == record)
            #expect(throws: FormatError.self) { try StatusRecord.decode(record.encoded + [0]) }
            #expect(throws: FormatError.self) { try StatusRecord.decode(Array(record.encoded.dropLast())) }
        }
        var bytes = credential.encoded
        for (offset, value) in [(0, UInt8(2)), (1, 9), (2, 4), (3, 77)] {
            var changed = bytes
            changed[offset] = value
            #expect(throws: FormatError.self, "offset \(offset)") { try StatusRecord.decode(changed) }
        }
        bytes[2] = CredentialState.active.rawValue
        #expect(throws: FormatError.self, "an active record with a reason") { try StatusRecord.decode(bytes) }
        #expect(throws: FormatError.self) { try StatusRecord.decode([]) }
        #expect(throws: FormatError.self) {
            try StatusKey.hash(chainID: .zero, kind: .credential, recordID: String(repeating: "x", count: 65))
        }
    }
}
