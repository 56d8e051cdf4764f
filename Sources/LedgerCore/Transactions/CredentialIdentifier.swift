/// Credential ids as people hold them: the id printed on a certificate is often a URN or URL around the anchored id.
public enum CredentialIdentifier {
    /// The anchored id for an id as printed: its last `:`- or `/`-separated part, so `urn:uuid:7a1d…` and
    /// `https://issuer.example/credentials/7a1d…` both give `7a1d…`. Anchored ids are URL-safe and never hold `:`
    /// or `/`, so this is unambiguous, and an anchored id is itself.
    public static func anchored(fromPrinted text: String) -> String {
        guard let last = text.split(whereSeparator: { $0 == ":" || $0 == "/" }).last else { return text }
        return String(last)
    }

    /// Refuses an id that no credential can have (empty, too long, or not URL-safe), naming the rule.
    public static func check(_ id: String) throws(FormatError) {
        try FieldRules.checkIdentifier(id, field: "credentialId")
    }
}
