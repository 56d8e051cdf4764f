import ArgumentParser
import Foundation
import LedgerCore
import LedgerVersion

/// The `ledger` command: one subcommand per task of operators, issuers, verifiers and auditors.
struct Ledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Operate, issue on, verify and audit the CXC micro-credential ledger.",
        discussion: """
            Exit status: 0 success, 1 a check failed, 2 a usage error, 3 (verify only) authentic but revoked or \
            expired. Every command takes --json; its errors are then JSON too.
            """,
        version: LedgerVersion.line(program: "ledger"),
        subcommands: [
            KeygenCommand.self, GenesisCommand.self, DevnetCommand.self, IssuerCommand.self, DefinitionCommand.self,
            QABodyCommand.self, AccreditationCommand.self,
            IssueCommand.self,
            RevokeCommand.self, SuspendCommand.self, ReinstateCommand.self, StatusCommand.self, HeadCommand.self,
            CheckpointCommand.self,
            ProofCommand.self, PackageCommand.self, VerifyCommand.self, VerifierPageCommand.self,
            DigestCommand.self, VerifierKeysCommand.self, ReplayCommand.self, ExportCommand.self,
            ConsistencyCommand.self, ValidatorCommand.self, SimulateCommand.self,
            BenchCommand.self,
        ])
}

/// Runs `ledger` with the project's exit-status contract: 0 ok, 1 failed check, 2 usage, 3 revoked or expired.
@main
enum LedgerMain {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // Errors follow the output format asked for, even when the arguments themselves do not parse.
        let json = arguments.prefix { $0 != "--" }.contains("--json")
        var command: ParsableCommand
        do {
            command = try Ledger.parseAsRoot(arguments)
        } catch {
            if Ledger.exitCode(for: error) == .success { Ledger.exit(withError: error) }
            usageFailure(Ledger.fullMessage(for: error), arguments: arguments).report(json: json)
            Foundation.exit(CLIFailure.usageExitStatus)
        }
        do {
            try command.run()
        } catch let failure as CLIFailure {
            failure.report(json: json)
            Foundation.exit(failure.exitStatus)
        } catch {
            let code = Ledger.exitCode(for: error)
            if code == .success { Ledger.exit(withError: error) }  // help and version requests
            if code == .validationFailure {
                usageFailure(Ledger.fullMessage(for: error), arguments: arguments).report(json: json)
                Foundation.exit(CLIFailure.usageExitStatus)
            }
            CLIFailure.checkFailed("\(error)").report(json: json)
            Foundation.exit(CLIFailure.checkFailedExitStatus)
        }
    }

    /// ArgumentParser's message, led by the unknown command or option it did not name, with "did you mean".
    private static func usageFailure(_ message: String, arguments: [String]) -> CLIFailure {
        let hint = UsageHint.find(in: arguments, tool: Ledger._dumpHelp())
        let text = [hint, message, "Run 'ledger help' or 'ledger <command> --help' for usage."]
            .compactMap { $0 }.joined(separator: "\n")
        return .usage(text)
    }
}
