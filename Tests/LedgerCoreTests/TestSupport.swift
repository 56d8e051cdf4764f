import Foundation
import LedgerCore
import LedgerTesting

/// Helpers shared by LedgerCore tests: temporary folders, running `openssl`, and the vectors folder.
enum TestSupport {
    /// Tests/LedgerCoreTests/Vectors, found from this file so tests run from any working directory.
    static let vectorsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors")

    /// The repository root, for tests that check documents such as docs/FORMATS.md.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL { try ProcessRunner.temporaryDirectory() }

    typealias ProcessResult = ProcessRunner.Result

    /// Runs a program found on PATH and waits for it to exit.
    static func run(_ program: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(program: program, arguments)
    }

    /// Bytes from a hex literal in a test; traps on a typo.
    static func bytes(_ hex: String) -> [UInt8] {
        guard let bytes = Hex.decode(hex) else { preconditionFailure("bad hex literal in a test: \(hex)") }
        return bytes
    }
}
