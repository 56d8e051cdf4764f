import Foundation
import LedgerCore

/// Helpers shared by LedgerCore tests: temporary folders, running `openssl`, and the vectors folder.
enum TestSupport {
    /// Tests/LedgerCoreTests/Vectors, found from this file so tests run from any working directory.
    static let vectorsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors")

    /// The repository root, for tests that check documents such as docs/FORMATS.md.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mcledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct ProcessResult {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs a program found on PATH and waits for it to exit.
    static func run(_ program: String, _ arguments: [String], currentDirectory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// Bytes from a hex literal in a test; traps on a typo.
    static func bytes(_ hex: String) -> [UInt8] {
        guard let bytes = Hex.decode(hex) else { preconditionFailure("bad hex literal in a test: \(hex)") }
        return bytes
    }
}
