import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger issuer rotate-key`: the issuer moves to a new key (signed by its current key, with the new key's proof
/// of possession), or its registering authority re-keys it after a compromise.
struct IssuerRotateKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Move an issuer to a new key: signed by its current key, or by its authority after a compromise.",
        discussion: """
            The issuer signs with its current key (--key) and proves it holds the new one (--new-key, a private \
            key). After a compromise, the authority that registered it signs alone (--key is the authority's) and may \
            name only the new public key (--new-public-key). From the rotation on the old key signs nothing; what it \
            signed before stays valid unless revoked (see 'ledger issuer revoke-range').
            """)

    @OptionGroup var node: NodeOptions

    @Option(name: .long, help: "The signer: the issuer's current key, or its registering authority's.")
    var key: String

    @Option(name: .long, help: "The issuer's id.")
    var issuerId: String

    @Option(name: .long, help: "The new private key (.key.pem): its proof of possession goes into the rotation.")
    var newKey: String?

    @Option(name: .long, help: "The new public key (.pub.pem), for an authority re-keying without a proof.")
    var newPublicKey: String?

    @Flag(name: .long, help: "Wait until the rotation is final and print its height.")
    var wait = false

    func validate() throws {
        guard (newKey == nil) != (newPublicKey == nil) else {
            throw ValidationError("give exactly one of --new-key FILE and --new-public-key FILE")
        }
    }

    func run() throws {
        let signer = try readPrivateKey(key, option: "--key")
        let proven = try newKey.map { try readPrivateKey($0, option: "--new-key") }
        var spki: [UInt8] = []
        if let newPublicKey {
            do {
                spki = try KeyFile.readPublicKey(path: newPublicKey).spkiDER
            } catch {
                throw CLIFailure.usage("--new-public-key \(newPublicKey): \(error). Give a .pub.pem.")
            }
        }
        try NodeCall(node).submitAndPrint(
            by: signer, json: node.json, wait: wait, what: "rotating the key of issuer \(issuerId)",
            subject: "key rotation of issuer \(issuerId)"
        ) { chainID in
            if let proven {
                return .rotateIssuerKey(
                    try RotateIssuerKey.signed(issuerID: issuerId, newKey: proven, chainID: chainID))
            }
            return .rotateIssuerKey(RotateIssuerKey(issuerID: issuerId, publicKey: spki, proofOfPossession: []))
        }
    }
}

/// `ledger issuer revoke-range`: the registering authority revokes everything the issuer anchored in final blocks
/// FROM…TO, in one transaction.
struct IssuerRevokeRangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-range",
        abstract: "Revoke every credential an issuer anchored in blocks FROM…TO (signed by its registering authority).",
        discussion: """
            For a compromised key: find the blocks the thief could have signed in (from the compromise to the \
            rotation), then revoke them all at once. Credentials already revoked keep their first revocation. One \
            transaction covers at most \(Limits.rangeRevocationCredentialsMax) issuances; split a larger range.
            """)

    @OptionGroup var node: NodeOptions

    @Option(name: .long, help: "The key of the authority (validator) that registered the issuer.")
    var key: String

    @Option(name: .long, help: "The issuer's id.")
    var issuerId: String

    @Option(name: .long, help: "The first block of the range (at least 1).")
    var fromHeight: UInt64

    @Option(name: .long, help: "The last block of the range (already final).")
    var toHeight: UInt64

    @Option(name: .long, help: "Why: \(CredentialChangeOptions.names(RevocationReason.allCases)).")
    var reason = "issuerKeyCompromised"

    @Flag(name: .long, help: "Wait until the revocation is final and print its height.")
    var wait = false

    func validate() throws {
        guard fromHeight >= 1, fromHeight <= toHeight else {
            throw ValidationError("--from-height must be at least 1 and at most --to-height")
        }
    }

    func run() throws {
        let authority = try readPrivateKey(key, option: "--key")
        let revocationReason = try CredentialChangeOptions.reason(reason, among: RevocationReason.allCases)
        try NodeCall(node).submitAndPrint(
            by: authority, json: node.json, wait: wait, what: "revoking a range of issuer \(issuerId)",
            subject: "revocation of issuer \(issuerId)'s blocks \(fromHeight)…\(toHeight) (\(reason))"
        ) {
            .revokeIssuedRange(
                RevokeIssuedRange(
                    issuerID: issuerId, fromHeight: fromHeight, toHeight: toHeight, reason: revocationReason))
        }
    }
}
