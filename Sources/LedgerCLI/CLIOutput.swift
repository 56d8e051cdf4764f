import Foundation
import LedgerCore

/// A failure the CLI reports: usage problems exit 2, failed checks exit 1. Messages say what to do next.
struct CLIFailure: Error {
    static let usageExitStatus: Int32 = 2
    static let checkFailedExitStatus: Int32 = 1

    let message: String
    let exitStatus: Int32

    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, exitStatus: usageExitStatus) }
    static func checkFailed(_ message: String) -> CLIFailure {
        CLIFailure(message: message, exitStatus: checkFailedExitStatus)
    }
}

/// Writes human text or JSON to stdout, and diagnostics to stderr.
enum CLIOutput {
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func write(json: JSONValue) {
        FileHandle.standardOutput.write(Data(JSONWriter.pretty(json).utf8))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Reads an input file named on the command line; a missing or oversize file is a usage error.
    static func readFile(_ path: String, what: String, bytesMax: Int) throws -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw CLIFailure.usage("cannot read \(what) '\(path)': no such file. Check the path.")
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > bytesMax {
            throw CLIFailure.usage("\(what) '\(path)' is \(size.intValue) bytes, above the limit of \(bytesMax).")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure.usage("cannot read \(what) '\(path)': permission denied or not a file.")
        }
        return [UInt8](data)
    }

    /// Loads and parses a genesis file; a malformed genesis is a failed check.
    static func readGenesis(_ path: String) throws -> Genesis {
        let bytes = try readFile(path, what: "genesis file", bytesMax: Limits.genesisBytesMax)
        do {
            return try Genesis.parse(json: bytes)
        } catch {
            throw CLIFailure.checkFailed("genesis file '\(path)' is invalid: \(error)")
        }
    }

    /// ISO 8601 UTC for a millisecond timestamp.
    static func iso8601(milliseconds: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
