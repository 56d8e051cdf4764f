import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger replay --data-dir DIR | --export FILE`: the auditor's full check of a chain from genesis.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a whole chain from genesis, checking every block, signature, rule and root.",
        discussion: "Exit status 0: the chain is valid; 1: it is not (the first bad height is named); 2: usage error.")

    @Option(name: .long, help: "A node's data directory (reads blocks.log; safe while the node runs).")
    var dataDir: String?

    @Option(name: .long, help: "A portable chain file written by 'ledger export'.")
    var export: String?

    @Option(
        name: .long,
        help: "The genesis (default: DATA-DIR/genesis.json, else the node config's; an export carries its own).")
    var genesis: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard (dataDir == nil) != (export == nil) else {
            throw ValidationError("give exactly one of --data-dir or --export")
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let progress = ReplayProgressLine(enabled: isatty(2) == 1 && !json, start: start)
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let report: ReplayReport
        do {
            if let export {
                try Self.checkIsExport(export)
                var reader = try ExportReader(path: export)
                report = ChainAuditor.replay(&reader, localTimeMilliseconds: now, progress: progress.draw)
            } else {
                let directory = dataDir!
                let genesisFile = try CLIInputs.dataDirectory(directory, genesis: genesis)
                var reader = try BlockLogReader(directory: directory, genesis: genesisFile)
                report = ChainAuditor.replay(&reader, localTimeMilliseconds: now, progress: progress.draw)
            }
        } catch let error as StoreError {
            if case .notFound = error { throw CLIFailure.usage("\(error). Check the path.") }
            throw CLIFailure.checkFailed("cannot read the chain: \(error)")
        }
        progress.finish()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        printReport(report, seconds: seconds)
        if let failure = report.failure {
            throw CLIFailure.checkFailed("chain is NOT valid: first failure at \(failure)")
        }
    }

    /// `--export` names a file that `ledger export` wrote; anything else is named for what it is.
    static func checkIsExport(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIFailure.usage("--export \(path): no such file. Write one with 'ledger export'.")
        }
        let found: LedgerFileKind
        if isDirectory.boolValue {
            found = .other
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CLIFailure.usage("--export \(path): cannot read it (permission denied?)")
            }
            defer { try? handle.close() }
            found = LedgerFileKind.identify([UInt8](handle.readData(ofLength: 64 * 1024)))
        }
        guard found == .chainExport else {
            throw CLIFailure.usage(
                "--export \(path) is not a chain export: "
                    + LedgerFileKind.mismatch(path: path, option: "--export", found: found, expected: .chainExport),
                code: "not_an_export")
        }
    }

    private func printReport(_ report: ReplayReport, seconds: Double) {
        let rate = seconds > 0 ? Double(report.transactions) / seconds : 0
        if json {
            var members = [
                JSONMember("valid", .bool(report.isValid)), JSONMember("blocks", .number(Double(report.blocks))),
                JSONMember("transactions", .number(Double(report.transactions))),
                JSONMember("issuers", .number(Double(report.issuers))),
                JSONMember("definitions", .number(Double(report.definitions))),
                JSONMember("credentialsIssued", .number(Double(report.credentialsIssued))),
                JSONMember("credentialsRevoked", .number(Double(report.credentialsRevoked))),
                JSONMember("validatorSetChanges", .number(Double(report.validatorSetChanges))),
                JSONMember("validators", .number(Double(report.validators?.count ?? 0))),
                JSONMember("elapsedSeconds", .number((seconds * 1000).rounded() / 1000)),
                JSONMember("transactionsPerSecond", .number(rate.rounded())),
            ]
            if let header = report.lastHeader {
                members.append(JSONMember("lastHeight", .number(Double(header.height))))
                members.append(JSONMember("ledgerRoot", .string(header.ledgerRoot.hex)))
            }
            if let failure = report.failure {
                members.append(JSONMember("failureHeight", failure.height.map { .number(Double($0)) } ?? .null))
                members.append(JSONMember("failure", .string(failure.reason)))
            }
            CLIOutput.write(json: .object(members))
            return
        }
        CLIOutput.write(report.isValid ? "VALID chain" : "INVALID chain")
        CLIOutput.write(
            "  blocks        \(report.blocks) checked\(report.lastHeader.map { ", last height \($0.height)" } ?? "")")
        CLIOutput.write("  transactions  \(report.transactions) (\(Int(rate)) per second)")
        CLIOutput.write("  issuers       \(report.issuers); catalogue entries \(report.definitions)")
        CLIOutput.write("  credentials   \(report.credentialsIssued) issued, \(report.credentialsRevoked) revoked")
        if let validators = report.validators {
            CLIOutput.write(
                "  validators    \(validators.count) now, after \(report.validatorSetChanges) change(s) by vote "
                    + "(\(report.governanceTransactions) proposals and approvals), each handoff checked")
        }
        if let header = report.lastHeader {
            CLIOutput.write("  ledger head   \(header.ledgerSize) leaves, root \(header.ledgerRoot.hex)")
        }
        CLIOutput.write("  elapsed       \(String(format: "%.2f", seconds)) s")
        if let failure = report.failure { CLIOutput.write("  FIRST FAILURE \(failure)") }
    }
}

/// Draws replay progress on stderr (blocks/s and, when the total is known, an ETA) on one refreshed line.
final class ReplayProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let start: ContinuousClock.Instant

    init(enabled: Bool, start: ContinuousClock.Instant) {
        self.enabled = enabled
        self.start = start
    }

    func draw(_ progress: ReplayProgress) {
        guard enabled else { return }
        let elapsed = ContinuousClock.now - start
        let seconds = max(0.001, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let rate = Double(progress.height) / seconds
        var line = "\rreplaying: block \(progress.height)"
        if let total = progress.expectedBlocks, total > 0 {
            let remaining = rate > 0 ? Double(total - min(total, progress.height)) / rate : 0
            line += " of \(total) (\(Int(Double(progress.height) * 100 / Double(total)))%), ETA \(Int(remaining)) s"
        }
        line += ", \(Int(rate)) blocks/s, \(progress.transactions) transactions   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
