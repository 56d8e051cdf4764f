import Foundation
import Testing

@Suite("Architecture: LedgerCore stays pure")
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
}
