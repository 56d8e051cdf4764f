import ArgumentParser
import LedgerCore

/// `ledger bench status --credentials N`: the status map at N credentials, in memory: building it, updating it
/// by 1,000-transaction blocks, and making and checking status proofs, with their average size.
struct BenchStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Measure the status map: build, 1,000-record block updates, status proofs and their size.")

    @Option(name: .long, help: "Number of credential records (1,000 to 10,000,000).")
    var credentials: Int = 1_000_000

    @Option(name: .long, help: "Seconds per rate measurement.")
    var seconds: Double = 2

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (1_000...10_000_000).contains(credentials) else {
            throw ValidationError("--credentials must be 1000 to 10000000")
        }
        guard seconds > 0 && seconds <= 60 else { throw ValidationError("--seconds must be above 0 and at most 60") }
    }

    static func entry(_ index: Int, chainID: SHA256Digest, height: UInt64) throws -> SparseMerkleTree.Entry {
        let record = StatusRecord.credential(
            .init(
                state: .active, reasonCode: 0, changedAtHeight: height, changeLedgerIndex: UInt64(index),
                issuanceLedgerIndex: UInt64(index)))
        let key = try StatusKey.hash(chainID: chainID, kind: .credential, recordID: "credential-\(index)")
        return SparseMerkleTree.Entry(keyHash: key, value: record.encoded)
    }

    func run() throws {
        let chainID = SHA256.hash(Array("bench-status".utf8))
        let clock = ContinuousClock()
        let entries = try (0..<credentials).map { try Self.entry($0, chainID: chainID, height: 1) }
        var tree = SparseMerkleTree()
        var start = clock.now
        tree.update(entries)
        let buildSeconds = (clock.now - start).seconds

        // Blocks of 1,000: half new credentials, half changes to existing ones (revocations).
        var generator = SeededGenerator(seed: 1)
        var next = credentials
        let blocks = 20
        var batches: [[SparseMerkleTree.Entry]] = []
        for block in 0..<blocks {
            var batch: [SparseMerkleTree.Entry] = []
            for _ in 0..<500 {
                batch.append(try Self.entry(next, chainID: chainID, height: UInt64(2 + block)))
                next += 1
                let index = Int(generator.next() % UInt64(credentials))
                batch.append(try Self.entry(index, chainID: chainID, height: UInt64(2 + block)))
            }
            batches.append(batch)
        }
        start = clock.now
        for batch in batches { tree.update(batch) }
        let updateSeconds = (clock.now - start).seconds / Double(blocks)

        let keys = (0..<4_096).map { _ in entries[Int(generator.next() % UInt64(credentials))].keyHash }
        var cursor = 0
        let proofRate = BenchTiming.rate(seconds: seconds) {
            cursor = (cursor + 1) & 4_095
            _ = tree.proof(for: keys[cursor])
        }
        let proofs = keys.map { (key: $0, value: tree.value(for: $0) ?? [], proof: tree.proof(for: $0)) }
        let root = tree.rootHash
        let verifyRate = BenchTiming.rate(seconds: seconds) {
            cursor = (cursor + 1) & 4_095
            let item = proofs[cursor]
            precondition((try? item.proof.verifyInclusion(root: root, keyHash: item.key, value: item.value)) != nil)
        }
        // A status proof carries the record and the siblings; the verifier recomputes the key and the leaf.
        let siblings = Double(proofs.map(\.proof.siblings.count).reduce(0, +)) / Double(proofs.count)
        let proofBytes = siblings * Double(SHA256Digest.byteCount) + Double(proofs[0].value.count)
        let results: [(String, Double)] = [
            ("credentials", Double(tree.count)), ("buildSeconds", buildSeconds),
            ("blockUpdateSeconds", updateSeconds), ("blockUpdateRecordsPerSecond", 1_000 / updateSeconds),
            ("proofsPerSecond", proofRate), ("verificationsPerSecond", verifyRate),
            ("averageSiblings", siblings), ("averageProofBytes", proofBytes),
        ]
        if json {
            CLIOutput.write(json: .object(results.map { JSONMember($0.0, .number(($0.1 * 1000).rounded() / 1000)) }))
        } else {
            CLIOutput.write("status map of \(tree.count) records, root \(root.hex)")
            CLIOutput.write("build                       \(BenchTiming.format(buildSeconds)) s")
            CLIOutput.write("1,000-record block update   \(BenchTiming.format(updateSeconds * 1000)) ms")
            CLIOutput.write("status proof, generate      \(Int(proofRate))/s")
            CLIOutput.write("status proof, verify        \(Int(verifyRate))/s")
            CLIOutput.write("status proof, size          \(Int(proofBytes)) bytes (\(siblings) siblings on average)")
        }
    }
}
