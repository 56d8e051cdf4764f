import Foundation
import LedgerCore
import LedgerStore
import Testing

@Suite("Catalogue search: the store's index agrees with a naive filter, page by page, and after a rebuild")
struct CatalogueSearchTests {
    static let titles = [
        "Food Safety and Hygiene", "Climate-Smart Agriculture", "Data Protection for Registrars",
        "Introducción a la Gestión de Proyectos", "Cybersecurity Awareness", "Teaching Online with Moodle",
        "Hospitality Customer Service", "Renewable Energy Basics", "Disaster Risk Management",
        "Entrepreneurship for Creatives",
    ]
    static let outcomes = [
        "Plan a project budget", "Apply HACCP principles", "Configure a learning management system",
        "Assess hurricane risk", "Handle a subject access request", "Écrire un plan d'affaires",
    ]

    /// A store holding three issuers in three member states and `count` entries drawn with a fixed seed.
    static func catalogue(count: Int) throws -> (
        StoreFixture, [(RegisterDefinition, issuerID: String, country: String)]
    ) {
        let fixture = try StoreFixture()
        let chain = fixture.chain
        let issuers = [("uwi", "JM"), ("utt", "TT"), ("bcc", "BB")].map { ($0.0, $0.1, try! P256PrivateKey.generate()) }
        try fixture.appendBlock(
            try issuers.enumerated().map { try chain.registerIssuer($1.0, key: $1.2, by: $0, country: $1.1) })
        var random = SeededGenerator(seed: 15)
        var entries: [(RegisterDefinition, issuerID: String, country: String)] = []
        var block: [SignedTransaction] = []
        for index in 0..<count {
            let issuer = issuers[Int.random(in: 0..<issuers.count, using: &random)]
            let definition = RegisterDefinition(
                definitionID: "entry-\(index)", title: titles.randomElement(using: &random)!,
                notionalMinutes: UInt32.random(in: 1...90, using: &random) * 30,
                level: UInt8.random(in: 1...6, using: &random),
                format: DeliveryFormat.allCases.randomElement(using: &random)!,
                activity: [.course, .workshop, .seminar].randomElement(using: &random)!,
                language: ["en", "es", "fr"].randomElement(using: &random)!,
                learningOutcomes: Array(outcomes.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)))
            )
            entries.append((definition, issuer.0, issuer.1))
            block.append(try chain.define(definition, by: issuer.2))
            if block.count == 25 {
                try fixture.appendBlock(block)
                block = []
            }
        }
        if !block.isEmpty { try fixture.appendBlock(block) }
        return (fixture, entries)
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The naive reading of the query: every filter, and every query word a prefix of a word of the entry.
    static func matches(_ query: CatalogueQuery, _ entry: (RegisterDefinition, issuerID: String, country: String))
        -> Bool
    {
        let definition = entry.0
        if let issuer = query.issuerID, issuer != entry.issuerID { return false }
        if let country = query.country, country != entry.country { return false }
        if let level = query.level, level != definition.level { return false }
        if let activity = query.activity, activity != definition.activity { return false }
        if let format = query.format, format != definition.format { return false }
        if let language = query.language, language.lowercased() != definition.language.lowercased() { return false }
        if let minimum = query.minimumMinutes, definition.notionalMinutes < minimum { return false }
        if let maximum = query.maximumMinutes, definition.notionalMinutes > maximum { return false }
        if let text = query.text, let words = CatalogueQuery.words(of: text) {
            let entryWords = ([definition.title] + definition.learningOutcomes).flatMap {
                CatalogueQuery.words(of: fold($0)) ?? []
            }
            for word in words.map(fold) where !entryWords.contains(where: { $0.hasPrefix(word) }) { return false }
        }
        return true
    }

    static let queries: [CatalogueQuery] = [
        CatalogueQuery(),
        CatalogueQuery(issuerID: "utt"),
        CatalogueQuery(country: "BB"),
        CatalogueQuery(country: "GY"),
        CatalogueQuery(level: 4),
        CatalogueQuery(activity: .workshop),
        CatalogueQuery(format: .online),
        CatalogueQuery(language: "ES"),
        CatalogueQuery(minimumMinutes: 300, maximumMinutes: 2_700),
        CatalogueQuery(maximumMinutes: 300),
        CatalogueQuery(text: "food"),
        CatalogueQuery(text: "FOOD saf"),
        CatalogueQuery(text: "gestion"),
        CatalogueQuery(text: "écrire"),
        CatalogueQuery(text: "risk hurricane"),
        CatalogueQuery(text: "\"NOT\" OR * NEAR(x"),
        CatalogueQuery(country: "JM", level: 3, activity: .course, text: "a"),
        CatalogueQuery(issuerID: "uwi", format: .blended, minimumMinutes: 600, text: "management"),
    ]

    @Test("every filter and text query gives the naive filter's entries, in registration order, over any page size")
    func agreesWithNaiveFilter() throws {
        let (fixture, entries) = try Self.catalogue(count: 240)
        let store = fixture.opened
        for query in Self.queries {
            let expected = entries.filter { Self.matches(query, $0) }.map(\.0.definitionID)
            for limit in [7, 50, CatalogueQuery.limitMax] {
                var paged = query
                paged.limit = limit
                var found: [String] = []
                var pages = 0
                while true {
                    let page = try store.searchDefinitions(paged)
                    #expect(page.total == UInt64(expected.count), "\(query)")
                    #expect(page.entries.count <= limit)
                    found += page.entries.map(\.definition.definitionID)
                    pages += 1
                    guard let next = page.next, pages < 100 else { break }
                    paged.after = next
                }
                #expect(found == expected, "\(query), limit \(limit)")
            }
        }
        // The queries discriminate: all but the match-all, the empty state and the FTS-syntax one match some
        // entries and miss others.
        let counts = Self.queries.map { query in entries.filter { Self.matches(query, $0) }.count }
        #expect(counts.filter { $0 > 0 && $0 < entries.count }.count >= Self.queries.count - 3, "\(counts)")
    }

    @Test("the search index is rebuilt from the log with the rest of the index, to the same rows")
    func rebuiltIndex() throws {
        let (fixture, _) = try Self.catalogue(count: 60)
        let before = try Self.queries.map { try fixture.opened.searchDefinitions($0) }
        let digest = try fixture.opened.indexDigest()
        let store = try fixture.reopen(rebuildingIndex: true)
        #expect(try store.indexDigest() == digest)
        #expect(try Self.queries.map { try store.searchDefinitions($0) } == before)
        #expect(try store.counts().definitions == 60)
    }
}
