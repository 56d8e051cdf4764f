import ArgumentParser
import LedgerCore

/// `ledger digest FILE`: the document digest an issuer anchors and a verifier compares.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the digest that would be anchored for a credential document.",
        discussion:
            "JSON documents (Open Badges 3.0, VC 2.0) are hashed in RFC 8785 canonical form; others as raw bytes.")

    @Argument(help: "The credential document.")
    var file: String

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let bytes = try CLIOutput.readFile(file, what: "document", bytesMax: Limits.credentialDocumentBytesMax)
        let (digest, form) = DocumentDigest.compute(bytes)
        if json {
            CLIOutput.write(
                json: .object([JSONMember("digest", .string(digest.hex)), JSONMember("form", .string(form.rawValue))]))
        } else {
            CLIOutput.write(
                "\(digest.hex)  \(file) (\(form == .canonicalJSON ? "SHA-256 of RFC 8785 canonical JSON" : "SHA-256 of raw bytes"))"
            )
        }
    }
}
