import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("Consensus persistence: the state QBFT saves before it sends")
struct ConsensusStateTests {
    static func sample() -> ConsensusState {
        var state = ConsensusState(
            height: 42, round: 3, lock: PreparedLock(round: 2, proposal: [1, 2, 3, 4], certificate: [9, 9]))
        for round in UInt32(0)...3 {
            for kind in [ConsensusMessageKind.prepare, .commit, .roundChange] {
                state.signatures[SigningSlot(height: 42, round: round, kind: kind)] = StoredSignature(
                    messageDigest: SHA256.hash([UInt8(round), kind.rawValue]),
                    signature: [UInt8](repeating: UInt8(round), count: 70))
            }
        }
        return state
    }

    @Test("encoding round-trips; truncation, trailing bytes and unsorted slots are refused")
    func encoding() throws {
        let state = Self.sample()
        let bytes = state.encoded
        #expect(try ConsensusState.decode(bytes) == state)
        for length in 0..<bytes.count {
            #expect(throws: FormatError.self) { try ConsensusState.decode(Array(bytes.prefix(length))) }
        }
        #expect(throws: FormatError.self) { try ConsensusState.decode(bytes + [0]) }
        let empty = ConsensusState(height: 7)
        #expect(try ConsensusState.decode(empty.encoded) == empty)
        // Swap the first two signature records (each 8 + 4 + 1 + 32 + 1 + 70 bytes) so the slots are out of order.
        let recordBytes = 8 + 4 + 1 + 32 + 1 + 70
        let signaturesStart = bytes.count - state.signatures.count * recordBytes
        var swapped = Array(bytes.prefix(signaturesStart))
        swapped += bytes[(signaturesStart + recordBytes)..<(signaturesStart + 2 * recordBytes)]
        swapped += bytes[signaturesStart..<(signaturesStart + recordBytes)]
        swapped += bytes[(signaturesStart + 2 * recordBytes)...]
        #expect(throws: FormatError.self) { try ConsensusState.decode(swapped) }
    }

    @Test("a repeated signing request returns the stored signature; a different message in the slot is a conflict")
    func signingLookup() {
        let state = Self.sample()
        let slot = SigningSlot(height: 42, round: 1, kind: .commit)
        let digest = SHA256.hash([1, ConsensusMessageKind.commit.rawValue])
        #expect(state.lookup(slot, messageDigest: digest) == .alreadySigned([UInt8](repeating: 1, count: 70)))
        #expect(state.lookup(slot, messageDigest: SHA256.hash([0xFF])) == .conflict)
        #expect(state.lookup(SigningSlot(height: 42, round: 9, kind: .commit), messageDigest: digest) == .unsigned)
    }

    @Test("the file store saves and loads; a leftover temporary file from a crash is ignored")
    func fileStore() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("consensus.state").path
        let chain = SHA256.hash([1])
        let store = FileConsensusStateStore(path: path, chainID: chain)
        #expect(try store.load() == nil)
        try store.save(Self.sample())
        #expect(try store.load() == Self.sample())
        // A crash after writing the temporary file but before the rename leaves the old state in force.
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path + ".partial"))
        #expect(try FileConsensusStateStore(path: path, chainID: chain).load() == Self.sample())
        var next = Self.sample()
        next.round = 4
        try store.save(next)
        #expect(try store.load() == next)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    @Test("a damaged or foreign state file is refused, never half-read")
    func damagedStateFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("consensus.state").path
        let store = FileConsensusStateStore(path: path, chainID: SHA256.hash([1]))
        try store.save(Self.sample())
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for position in stride(from: 0, to: original.count, by: 13) {
            var flipped = original
            flipped[position] ^= 0x04
            try Data(flipped).write(to: URL(fileURLWithPath: path))
            #expect(throws: StoreError.self, "flip at \(position)") { try store.load() }
        }
        try Data(original.dropLast(5)).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try store.load() }
        try Data(original).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try FileConsensusStateStore(path: path, chainID: SHA256.hash([2])).load() }
    }
}
