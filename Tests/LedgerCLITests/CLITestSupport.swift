import Foundation
import LedgerCore
import LedgerTesting

/// Runs the built `ledger` binary, as a user would, and captures what it prints and its exit status.
enum CLI {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let examples = repositoryRoot.appendingPathComponent("docs/examples")
    /// The interpreter for examples/verify_proof.py (see `Python.interpreter`).
    static let python = Python.interpreter(repositoryRoot: repositoryRoot)

    /// The `ledger` executable next to the test bundle in the build products folder.
    static var executable: URL { ProcessRunner.builtProduct("ledger") }

    struct Result: Sendable {
        let status: Int32
        let output: String
        let error: String
        var json: JSONValue? { try? JSONParser.parse(Array(output.utf8)) }
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let result = try ProcessRunner.run(executable, arguments, currentDirectory: directory)
        return Result(status: result.status, output: result.standardOutput, error: result.standardError)
    }

    /// `run`, off the concurrency pool (see `OffPool`): for tests that start many processes.
    static func runAsync(_ arguments: [String], in directory: URL? = nil) async throws -> Result {
        try await OffPool.run { try run(arguments, in: directory) }
    }

    /// Any program, off the concurrency pool.
    static func runProgram(_ program: String, _ arguments: [String], in directory: URL? = nil) async throws
        -> ProcessRunner.Result
    {
        try await OffPool.run { try ProcessRunner.run(program: program, arguments, currentDirectory: directory) }
    }

    static func temporaryDirectory() throws -> URL { try ProcessRunner.temporaryDirectory(prefix: "mcledger-cli") }
}
