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

/// Ids of any record (issuers, catalogue entries, validators) as a client names them.
public enum RecordIdentifier {
    /// Refuses an id that no record can have (empty, too long, or not URL-safe), naming `field` and the rule.
    public static func check(_ id: String, field: String) throws(FormatError) {
        try FieldRules.checkIdentifier(id, field: field)
    }

    /// Whether `text` is a BCP 47 language tag as catalogue entries give them.
    public static func checkLanguage(_ text: String) throws(FormatError) {
        try FieldRules.checkLanguageTag(text)
    }
}
