import ArgumentParser
import LedgerCore
import LedgerParallel

/// `ledger bench`: measurements of LedgerCore's hot paths on this machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure LedgerCore on this machine.",
        subcommands: [
            BenchMerkleCommand.self, BenchCryptoCommand.self, BenchLoadCommand.self, BenchProofsCommand.self,
            BenchStatusCommand.self,
        ])
}

/// `ledger bench merkle --leaves N`: root of leaf_i = SHA-256(uint64 big-endian i) and the build time.
struct BenchMerkleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merkle", abstract: "Build an RFC 9162 root over N leaves, leaf i = SHA-256(uint64 big-endian i).")

    @Option(name: .long, help: "Number of leaves (1 to 100,000,000).")
    var leaves: UInt64

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (1...100_000_000).contains(leaves) else { throw ValidationError("--leaves must be 1 to 100000000") }
    }

    func run() throws {
        let hasher = MerkleHasher()
        let dataHasher = SHA256Hasher()
        var accumulator = MerkleAccumulator()
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<leaves {
            withUnsafeBytes(of: index.bigEndian) { dataHasher.update($0) }
            let data = dataHasher.finalize()
            let leaf = data.withUnsafeBytes { hasher.leafHash($0) }
            accumulator.append(leafHash: leaf, hasher: hasher)
        }
        let root = accumulator.root(hasher: hasher)
        let seconds = (clock.now - start).seconds
        // Hashes: one for each leaf's data, one leaf hash each, and n − 1 interior nodes.
        let hashes = Double(3 * leaves - 1)
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("leaves", .number(Double(leaves))), JSONMember("root", .string(root.hex)),
                    JSONMember("seconds", .number(seconds)),
                    JSONMember("hashesPerSecond", .number((hashes / seconds).rounded())),
                ]))
        } else {
            CLIOutput.write("root \(root.hex)")
            CLIOutput.write("\(leaves) leaves in \(BenchTiming.format(seconds)) s (\(Int(hashes / seconds)) SHA-256/s)")
        }
    }
}

/// `ledger bench crypto`: ECDSA P-256 sign and verify (1 thread and all cores) and SHA-256 on 64-byte inputs.
struct BenchCryptoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto",
        abstract: "Measure ECDSA P-256 sign/verify and SHA-256 (64-byte inputs) through LedgerCore.")

    @Option(name: .long, help: "Seconds per measurement.")
    var seconds: Double = 2

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard seconds > 0 && seconds <= 60 else { throw ValidationError("--seconds must be above 0 and at most 60") }
    }

    func run() throws {
        let key = try P256PrivateKey.generate()
        let message = [UInt8](repeating: 0x5a, count: 64)
        let digest = SHA256.hash(message)
        let signature = try key.sign(digest: digest)
        let threads = Parallelism.workerCount
        let signRate = BenchTiming.rate(seconds: seconds) { _ = try? key.sign(digest: digest) }
        let verifyRate = BenchTiming.rate(seconds: seconds) {
            precondition(key.publicKey.verify(signature: signature, digest: digest) == .valid)
        }
        let parallelVerifyRate = BenchTiming.parallelRate(seconds: seconds, threads: threads) {
            precondition(key.publicKey.verify(signature: signature, digest: digest) == .valid)
        }
        let hasher = SHA256Hasher()
        let shaRate = BenchTiming.rate(seconds: seconds) {
            hasher.update(message)
            _ = hasher.finalize()
        }
        let results: [(String, Double)] = [
            ("ecdsaP256SignPerSecond", signRate), ("ecdsaP256VerifyPerSecond", verifyRate),
            ("ecdsaP256VerifyPerSecondAllCores", parallelVerifyRate), ("sha256Of64BytesPerSecond", shaRate),
        ]
        if json {
            CLIOutput.write(
                json: .object(
                    results.map { JSONMember($0.0, .number($0.1.rounded())) } + [
                        JSONMember("threads", .number(Double(threads)))
                    ]))
        } else {
            CLIOutput.write("ECDSA P-256 sign            \(Int(signRate))/s")
            CLIOutput.write("ECDSA P-256 verify          \(Int(verifyRate))/s (1 thread)")
            CLIOutput.write("ECDSA P-256 verify          \(Int(parallelVerifyRate))/s (\(threads) threads)")
            CLIOutput.write("SHA-256, 64-byte inputs     \(Int(shaRate))/s")
        }
    }
}

/// Timing helpers for `ledger bench`; the CLI may read clocks, LedgerCore's rules may not.
enum BenchTiming {
    static func format(_ seconds: Double) -> String { String(Double(Int(seconds * 1000)) / 1000) }

    /// Runs `body` repeatedly for about `seconds` and returns calls per second.
    static func rate(seconds: Double, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var calls = 0
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<64 { body() }
            calls += 64
            elapsed = (clock.now - start).seconds
        }
        return Double(calls) / elapsed
    }

    /// Runs `body` on `threads` threads for about `seconds` and returns total calls per second.
    static func parallelRate(seconds: Double, threads: Int, _ body: @escaping @Sendable () -> Void) -> Double {
        Parallel.map(count: threads) { _ in rate(seconds: seconds, body) }.reduce(0, +)
    }
}
