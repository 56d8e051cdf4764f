import ArgumentParser
import Foundation
import LedgerCore
import LedgerVersion
import Logging

/// `ledger-node`: a member state's validator (or an observer). With no arguments: a single-validator dev node.
@main
struct LedgerNodeMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-node",
        abstract: "Run a CXC micro-credential ledger node.",
        discussion: """
            With no arguments, runs a single-validator dev node with data in ./ledger-data (its key and genesis \
            are created on first start), the API on 127.0.0.1:7070 and P2P on 127.0.0.1:7071. \
            Exit status: 0 after a clean shutdown (SIGTERM or SIGINT), 1 if the node failed or halted, 2 on a \
            configuration error.
            """,
        version: LedgerVersion.line(program: "ledger-node"))

    @Option(name: .long, help: "Node configuration file (TOML, see docs/CONFIG.md). Without it, dev defaults apply.")
    var config: String?

    /// Parses like ArgumentParser, but a usage error exits 2 (as every error of `ledger` does), not 64.
    static func main() async {
        let command: LedgerNodeMain
        do {
            let parsed = try parseAsRoot()
            guard let node = parsed as? LedgerNodeMain else {
                // `--help`, `-h` and `help` parse as ArgumentParser's own help command, which prints and exits.
                var other = parsed
                try other.run()
                Foundation.exit(0)
            }
            command = node
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            try await command.run()
        } catch {
            exit(withError: error)
        }
    }

    func run() async throws {
        let configuration: NodeConfiguration
        do {
            configuration = try config.map { try NodeConfiguration.load(path: $0) } ?? .development
        } catch let error as NodeConfigurationError {
            FileHandle.standardError.write(Data("ledger-node: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "mcledger.node")
        do {
            try StartupChecks.run(configuration, development: config == nil)
            let setup = try NodeSetup.prepare(configuration, development: config == nil)
            let outcome = try await NodeAssembly(setup: setup, logger: logger).run(development: config == nil)
            if let reason = outcome {
                logger.critical("exiting after a halt", metadata: ["reason": "\(reason)"])
                throw ExitCode(1)
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as NodeStartupError {
            FileHandle.standardError.write(Data("ledger-node: \(error)\n".utf8))
            throw ExitCode(1)
        } catch {
            logger.critical("ledger-node cannot run", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
