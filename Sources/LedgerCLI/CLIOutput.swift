import Foundation
import LedgerCore

/// A failure the CLI reports: usage problems exit 2, failed checks exit 1; an authentic credential that is
/// revoked or expired exits 3, suspended 4, and one whose proven status is older than allowed 5 (README, "Exit
/// status"). Messages say what to do next; `code` is the `error` of the
/// JSON form that `--json` prints on stderr.
struct CLIFailure: Error {
    static let checkFailedExitStatus: Int32 = 1
    static let usageExitStatus: Int32 = 2
    static let revokedOrExpiredExitStatus: Int32 = 3
    static let suspendedExitStatus: Int32 = 4
    static let statusTooOldExitStatus: Int32 = 5

    let code: String
    let message: String
    let exitStatus: Int32

    static func usage(_ message: String, code: String = "usage") -> CLIFailure {
        CLIFailure(code: code, message: message, exitStatus: usageExitStatus)
    }

    static func checkFailed(_ message: String, code: String = "check_failed") -> CLIFailure {
        CLIFailure(code: code, message: message, exitStatus: checkFailedExitStatus)
    }

    /// Reports the failure on stderr, as `{"error", "reason"}` when the command line asked for `--json`.
    func report(json: Bool) {
        guard json else {
            CLIOutput.writeError("ledger: \(message)")
            return
        }
        CLIOutput.writeError(
            JSONWriter.pretty(.object([JSONMember("error", .string(code)), JSONMember("reason", .string(message))])))
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
        try parseGenesis(try readFile(path, what: "genesis file", bytesMax: Limits.genesisBytesMax), path: path)
    }

    /// Parses a genesis file's bytes; a malformed genesis is a failed check.
    static func parseGenesis(_ bytes: [UInt8], path: String) throws -> Genesis {
        do {
            return try Genesis.parse(json: bytes)
        } catch {
            throw CLIFailure.checkFailed("genesis file '\(path)' is invalid: \(error)")
        }
    }

    /// The wall clock in milliseconds since the Unix epoch: for expiry checks and issue times.
    /// A quantity as people write it: 7.5, 12, 0.5 (no trailing zeros, at most two decimals).
    static func decimal(_ value: Double) -> String {
        if value == value.rounded() { return String(Int64(value)) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    static func nowMilliseconds() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    /// Milliseconds since the Unix epoch from ISO 8601 (`2027-01-31T12:00:00Z`, optional fraction) or a date
    /// (`2027-01-31`, midnight UTC); anything else is a usage error naming the option.
    static func parseTime(_ text: String, option: String) throws -> UInt64 {
        let formatter = ISO8601DateFormatter()
        let forms: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime], [.withFullDate],
        ]
        for form in forms {
            formatter.formatOptions = form
            if let date = formatter.date(from: text), date.timeIntervalSince1970 >= 0 {
                return UInt64((date.timeIntervalSince1970 * 1000).rounded())
            }
        }
        throw CLIFailure.usage("\(option) '\(text)' is not a time like 2027-01-31T12:00:00Z or a date like 2027-01-31")
    }

    /// ISO 8601 UTC for a millisecond timestamp.
    static func iso8601(milliseconds: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
