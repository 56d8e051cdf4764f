import LedgerCore

/// A search of the catalogue (`GET /v1/definitions`): every filter given must hold, and results come in
/// registration order, a page at a time. The index behind it is derived from the chain (docs/STORAGE.md,
/// "Catalogue search").
public struct CatalogueQuery: Sendable, Hashable {
    public var issuerID: String?
    /// The member state of the entry's issuer, ISO 3166-1 alpha-2.
    public var country: String?
    public var level: UInt8?
    public var activity: ActivityKind?
    public var format: DeliveryFormat?
    public var language: String?
    /// Notional learning time bounds, inclusive, in minutes.
    public var minimumMinutes: UInt32?
    public var maximumMinutes: UInt32?
    /// Words that must all appear (as words or word prefixes) in the title or a learning outcome.
    public var text: String?
    /// The cursor: only entries registered after this ledger index (the previous page's `next`).
    public var after: UInt64?
    public var limit: Int

    public static let limitDefault = 50
    public static let limitMax = 200
    /// Words in one text query, at most: more narrows nothing a person types.
    public static let wordsMax = 8

    public init(
        issuerID: String? = nil, country: String? = nil, level: UInt8? = nil, activity: ActivityKind? = nil,
        format: DeliveryFormat? = nil, language: String? = nil, minimumMinutes: UInt32? = nil,
        maximumMinutes: UInt32? = nil, text: String? = nil, after: UInt64? = nil, limit: Int = limitDefault
    ) {
        self.issuerID = issuerID
        self.country = country
        self.level = level
        self.activity = activity
        self.format = format
        self.language = language
        self.minimumMinutes = minimumMinutes
        self.maximumMinutes = maximumMinutes
        self.text = text
        self.after = after
        self.limit = limit
    }

    /// The words of `text`, case- and accent-folded as the index folds them: runs of letters and digits, each
    /// at most 64 characters; nil when there are none.
    public static func words(of text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        let kept = words.map { String($0.prefix(64)) }
        return kept.isEmpty ? nil : kept
    }

    /// The FTS5 query for `text`: each word quoted (so no word is read as FTS syntax) as a prefix, all required.
    static func matchExpression(_ text: String) -> String? {
        words(of: text).map { words in
            words.prefix(wordsMax).map { "\"" + $0 + "\"*" }
                .joined(separator: " ")
        }
    }
}

/// One page of a catalogue search.
public struct CataloguePage: Sendable, Hashable {
    public let entries: [DefinitionRecord]
    /// How many entries match the filters, over every page.
    public let total: UInt64
    /// The cursor for the next page, or nil on the last page.
    public let next: UInt64?
}
