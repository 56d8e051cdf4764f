import ArgumentParser
import Foundation
import LedgerCore
import LedgerVersion

/// The `ledger` command: one subcommand per task of operators, issuers, verifiers and auditors.
struct Ledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Operate, issue on, verify and audit the CXC micro-credential ledger.",
        discussion: "Exit status: 0 success, 1 a check failed, 2 a usage error. Every command takes --json.",
        version: LedgerVersion.line(program: "ledger"),
        subcommands: [
            KeygenCommand.self, GenesisCommand.self, DevnetCommand.self, IssuerCommand.self, IssueCommand.self,
            RevokeCommand.self, StatusCommand.self, HeadCommand.self, ProofCommand.self, VerifyCommand.self,
            DigestCommand.self, ReplayCommand.self, ExportCommand.self, ConsistencyCommand.self, SimulateCommand.self,
            BenchCommand.self,
        ])
}

/// Runs `ledger` with the project's exit-status contract: 0 ok, 1 failed check, 2 usage.
@main
enum LedgerMain {
    static func main() {
        var command: ParsableCommand
        do {
            command = try Ledger.parseAsRoot()
        } catch {
            if Ledger.exitCode(for: error) == .success { Ledger.exit(withError: error) }
            CLIOutput.writeError(Ledger.fullMessage(for: error))
            CLIOutput.writeError("Run 'ledger help' or 'ledger <command> --help' for usage.")
            Foundation.exit(CLIFailure.usageExitStatus)
        }
        do {
            try command.run()
        } catch let failure as CLIFailure {
            CLIOutput.writeError("ledger: \(failure.message)")
            Foundation.exit(failure.exitStatus)
        } catch {
            let code = Ledger.exitCode(for: error)
            if code == .success { Ledger.exit(withError: error) }  // help and version requests
            if code == .validationFailure {
                CLIOutput.writeError(Ledger.fullMessage(for: error))
                Foundation.exit(CLIFailure.usageExitStatus)
            }
            CLIOutput.writeError("ledger: \(error)")
            Foundation.exit(CLIFailure.checkFailedExitStatus)
        }
    }
}
