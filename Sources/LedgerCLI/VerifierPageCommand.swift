import ArgumentParser
import LedgerCore
import LedgerWeb

/// `ledger verifier-page --genesis G --out verify.html`: the employer's verifier page as one file.
struct VerifierPageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifier-page",
        abstract: "Write the verifier page, pinned to a genesis, as one self-contained HTML file.",
        discussion:
            """
            The file works opened from disk with the network off: every check runs in the browser's own \
            JavaScript and WebCrypto. Employers open it and drop a learner's package, proof bundle or badge on it.
            """)

    @Option(name: .long, help: "The chain's genesis file, which the page trusts.")
    var genesis: String

    @Option(name: .long, help: "Where to write the page.")
    var out: String

    @Flag(name: .long, help: "Replace --out if it exists.")
    var force = false

    func run() throws {
        let chain = try CLIOutput.readGenesis(genesis)
        let page = SavedPage.html(genesisJSON: chain.json)
        try OutputFile.save(Array(page.utf8), to: out, option: "--out", mode: 0o644, force: force)
        CLIOutput.write(
            "wrote \(out) (\(page.utf8.count) bytes), pinned to chain \(chain.chainName) \(chain.chainID.hex.prefix(16))"
        )
    }
}
