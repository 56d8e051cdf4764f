import ArgumentParser
import LedgerCore

/// `ledger digest FILE`: the document digest an issuer anchors and a verifier compares.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the digest that would be anchored for a credential document.",
        discussion:
            """
            JSON documents (Open Badges 3.0, VC 2.0) are hashed in RFC 8785 canonical form; others as raw bytes. \
            A file named *.json, or starting with { or [, must be I-JSON (RFC 7493), unless --raw is given.
            """)

    @Argument(help: "The credential document.")
    var file: String

    @Flag(name: .long, help: "Hash the raw bytes, even of a JSON document.")
    var raw = false

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let (_, computed) = try CLIInputs.readDocument(file, option: "document", raw: raw)
        let (digest, form) = (computed.digest, computed.form)
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
