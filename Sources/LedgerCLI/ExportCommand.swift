import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger export --data-dir DIR --out FILE`: a portable single-file copy of the chain, with its genesis.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a node's chain to one portable file (genesis included) that 'ledger replay --export' checks.")

    @Option(name: .long, help: "A node's data directory (reads blocks.log; safe while the node runs).")
    var dataDir: String

    @Option(
        name: .long,
        help: "The genesis file (default: DATA-DIR/genesis.json, else the one the node's config names).")
    var genesis: String?

    @Option(
        name: .long, help: "The file to write; an existing file is refused unless --force (then replaced atomically).")
    var out: String

    @Flag(name: .long, help: "Replace an existing output file instead of refusing.")
    var force = false

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        try OutputFile.check(out, option: "--out", force: force)
        let genesisFile = try CLIInputs.dataDirectory(dataDir, genesis: genesis)
        let blocks: UInt64
        do {
            var reader = try BlockLogReader(directory: dataDir, genesis: genesisFile)
            blocks = try ChainExport.write(from: &reader, to: out)
        } catch {
            if case .notFound = error { throw CLIFailure.usage("\(error). Check --data-dir.") }
            throw CLIFailure.checkFailed("export stopped: \(error)")
        }
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("path", .string(out)), JSONMember("blocks", .number(Double(blocks))),
                    JSONMember("chainId", .string(genesisFile.chainID.hex)),
                ]))
        } else {
            CLIOutput.write(
                "wrote \(out): \(blocks) blocks of chain \(genesisFile.chainName) (\(genesisFile.chainID.hex))")
        }
    }
}
