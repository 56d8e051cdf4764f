import Foundation
import LedgerTesting
import Testing

@Suite("Architecture: a pure core, and production binaries without the test kit")
struct ArchitectureTests {
    static func coreSources() throws -> [(path: String, text: String)] {
        let root = TestSupport.repositoryRoot.appendingPathComponent("Sources/LedgerCore")
        let files =
            FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { ($0.path, try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test("LedgerCore imports neither SwiftNIO's POSIX layer nor any networking")
    func noNetworking() throws {
        let sources = try Self.coreSources()
        #expect(sources.count > 20)
        for (path, text) in sources {
            #expect(!text.contains("import NIOPosix"), "\(path)")
            #expect(!text.contains("import NIO\n"), "\(path)")
        }
    }

    @Test("LedgerCore is pure: it imports OpenSSL and Synchronization only, so no file API, SQLite or Dispatch")
    func pureImports() throws {
        let allowed: Set<String> = ["COpenSSL", "Synchronization"]
        for (path, text) in try Self.coreSources() {
            for line in text.split(separator: "\n") {
                let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
                if words.first == "import" || (words.first == "@testable" && words.dropFirst().first == "import") {
                    let module = String(words.last ?? "")
                    #expect(allowed.contains(module), "\(path) imports \(module)")
                }
                #expect(!line.contains("canImport("), "\(path): \(line)")
            }
        }
        // The store, key files, replay and threads live beside the core, not in it.
        let core = TestSupport.repositoryRoot.appendingPathComponent("Sources/LedgerCore")
        for name in ["Storage/ChainStore.swift", "Storage/SQLiteDatabase.swift", "Crypto/KeyFile.swift"] {
            #expect(!FileManager.default.fileExists(atPath: core.appendingPathComponent(name).path), "\(name)")
        }
    }

    @Test("LedgerCore reads no wall clock and no unseeded randomness: time and seeds are inputs")
    func noClockOrSystemRandomness() throws {
        let forbidden = [
            "Date()", "ContinuousClock", "SuspendingClock", "SystemRandomNumberGenerator", "gettimeofday",
            "clock_gettime", "arc4random", ".random(in:", "CFAbsoluteTime",
        ]
        for (path, text) in try Self.coreSources() {
            for word in forbidden {
                #expect(!text.contains(word), "\(path) uses \(word)")
            }
        }
    }

    @Test("ledger and ledger-node link no test module: their symbols name no test kit and no test framework")
    func productionBinariesLinkNoTestModule() throws {
        // Swift mangles a module name into every symbol as its length and name, e.g. `13LedgerTesting`.
        let testModules = ["LedgerTesting", "HummingbirdTesting", "XCTest", "Testing"].map { "\($0.count)\($0)" }
        for program in ["ledger", "ledger-node"] {
            let result = try ProcessRunner.run(program: "nm", [ProcessRunner.builtProduct(program).path])
            #expect(result.status == 0, "\(result.standardError)")
            let symbols = result.standardOutput.split(separator: "\n")
            // A control: the check can see modules at all.
            #expect(symbols.contains { $0.contains("10LedgerCore") }, "\(program) shows no LedgerCore symbol")
            for module in testModules {
                let linked = symbols.filter { $0.contains("$s\(module)") || $0.contains("So\(module)") }
                #expect(linked.isEmpty, "\(program) links \(module): \(linked.prefix(3))")
            }
        }
    }
}
