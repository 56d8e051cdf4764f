import ArgumentParser
import LedgerCore

/// `ledger keygen --out PREFIX`: a new P-256 key pair for a validator or an issuer.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an ECDSA P-256 key pair: PREFIX.key.pem (PKCS#8, mode 0600) and PREFIX.pub.pem (SPKI).")

    @Option(name: .long, help: "Path prefix for the two files; existing files are refused unless --force.")
    var out: String

    @Flag(name: .long, help: "Replace an existing output file instead of refusing.")
    var force = false

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let privatePath = out + ".key.pem"
        let publicPath = out + ".pub.pem"
        try OutputFile.check(privatePath, option: "--out", force: force)
        try OutputFile.check(publicPath, option: "--out", force: force)
        let key: P256PrivateKey
        do {
            key = try P256PrivateKey.generate()
        } catch {
            throw CLIFailure.checkFailed("cannot generate a key: \(error)")
        }
        try OutputFile.save(Array(key.pkcs8PEM.utf8), to: privatePath, option: "--out", mode: 0o600, force: force)
        try OutputFile.save(
            Array(key.publicKey.pem.utf8), to: publicPath, option: "--out", mode: 0o644, force: force)
        if json {
            CLIOutput.write(
                json: .object([
                    JSONMember("privateKey", .string(out + ".key.pem")),
                    JSONMember("publicKey", .string(out + ".pub.pem")),
                    JSONMember("keyId", .string(key.publicKey.keyID.hex)),
                ]))
        } else {
            CLIOutput.write("wrote \(out).key.pem (private, mode 0600) and \(out).pub.pem (public)")
            CLIOutput.write("key id \(key.publicKey.keyID.hex)")
        }
    }
}
