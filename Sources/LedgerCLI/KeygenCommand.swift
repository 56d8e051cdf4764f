import ArgumentParser
import LedgerCore

/// `ledger keygen --out PREFIX`: a new P-256 key pair for a validator or an issuer.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an ECDSA P-256 key pair: PREFIX.key.pem (PKCS#8, mode 0600) and PREFIX.pub.pem (SPKI).")

    @Option(name: .long, help: "Path prefix for the two files; existing files are never overwritten.")
    var out: String

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let key: P256PrivateKey
        do {
            key = try P256PrivateKey.generate()
            try KeyFile.writeKeyPair(key, prefix: out)
        } catch {
            throw CLIFailure.usage(
                "\(error). Choose a --out prefix whose files do not exist yet, in a writable folder.")
        }
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
