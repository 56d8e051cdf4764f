import Benchmark
import Foundation
import LedgerCore
import LedgerStore
import LedgerTesting

/// Catalogue search at registry scale: 10,000 entries from 20 institutions in 10 member states, on a store that
/// also holds 1,000,000 credentials (the closing figure of issue 15).
func registerCatalogueBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: rateMetrics, maxDuration: .seconds(10), maxIterations: 50,
        setup: { _ = try StoreFixtures.catalogueStore() })
    let searches: [(String, CatalogueQuery)] = [
        ("first page, no filter", CatalogueQuery()),
        ("member state and level", CatalogueQuery(country: "TT", level: 4)),
        ("text, two words", CatalogueQuery(text: "climate manage")),
        ("text and kind and hours", CatalogueQuery(activity: .workshop, maximumMinutes: 45 * 60, text: "data")),
        ("deep page of an issuer", CatalogueQuery(issuerID: "institution-7", after: 5_000)),
    ]
    for (name, query) in searches {
        Benchmark("Catalogue search: \(name), 10,000 entries, 1,000,000 credentials", configuration: configuration) {
            benchmark in
            let store = try StoreFixtures.catalogueStore()
            try measureRate(benchmark, count: 100) {
                for _ in 0..<100 { blackHole(try store.searchDefinitions(query)) }
            }
        }
    }
}

extension StoreFixtures {
    static let catalogueTopics = [
        "Climate-Smart Agriculture", "Data Protection", "Project Management", "Food Safety", "Cybersecurity",
        "Teaching Online", "Disaster Risk Management", "Renewable Energy", "Customer Service", "Data Analytics",
        "Entrepreneurship", "Mental Health First Aid", "Coastal Zone Management", "Public Procurement",
    ]

    /// 1,000,000 credentials (as `millionCredentialStore`) and 10,000 catalogue entries, built on first use and
    /// kept in Benchmarks/.bench-data.
    static func catalogueStore() throws -> ChainStore {
        if let cached = catalogue { return cached }
        let directory = dataDirectory + "/store-1m-catalogue"
        let keys = dataDirectory + "/keys-1m-catalogue"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let chain = try SyntheticChain(keysDirectory: keys)
        let expectedHeight: UInt64 = 1 + 1 + 10 + 1_000
        if let existing = try? ChainStore(directory: directory, genesis: chain.genesis),
            existing.tip.height == expectedHeight
        {
            catalogue = existing
            return existing
        }
        try? FileManager.default.removeItem(atPath: directory)
        let store = try ChainStore(directory: directory, genesis: chain.genesis)
        func append(_ block: Block) throws {
            try store.append(block, localTimeMilliseconds: block.header.timestampMilliseconds)
        }
        try append(try chain.registrationBlock())
        let countries = ["JM", "TT", "BB", "GY", "BZ", "LC", "GD", "KN", "AG", "DM"]
        let institutions = try (0..<20).map { _ in try P256PrivateKey.generate() }
        let authority = chain.validatorKeys[0]
        try append(
            try chain.seal(
                try institutions.enumerated().map { index, key in
                    try SignedTransaction.sign(
                        TransactionBody(
                            chainID: chain.genesis.chainID, authorKeyID: authority.publicKey.keyID,
                            payload: .registerIssuer(
                                RegisterIssuer(
                                    issuerID: "institution-\(index)", displayName: "Institution \(index)",
                                    country: countries[index % countries.count], publicKey: key.publicKey.spkiDER,
                                    accreditationNotes: ""))),
                        with: authority)
                }))
        var random = SeededGenerator(seed: 15)
        for block in 0..<10 {
            let transactions = try (0..<1_000).map { offset -> SignedTransaction in
                let index = block * 1_000 + offset
                let key = institutions[Int.random(in: 0..<institutions.count, using: &random)]
                let topic = catalogueTopics.randomElement(using: &random)!
                let entry = RegisterDefinition(
                    definitionID: "entry-\(index)", title: "\(topic) \(index % 7 == 0 ? "Seminar" : "Essentials")",
                    notionalMinutes: UInt32.random(in: 2...90, using: &random) * 30,
                    level: UInt8.random(in: 1...7, using: &random),
                    format: DeliveryFormat.allCases.randomElement(using: &random)!,
                    activity: [.course, .workshop, .seminar].randomElement(using: &random)!,
                    learningOutcomes: ["Apply \(topic.lowercased()) in practice"])
                return try SignedTransaction.sign(
                    TransactionBody(
                        chainID: chain.genesis.chainID, authorKeyID: key.publicKey.keyID,
                        payload: .registerDefinition(entry)),
                    with: key)
            }
            try append(try chain.seal(transactions))
        }
        for index in 0..<1_000 {
            try append(try chain.credentialBlock(count: 1_000))
            if index % 100 == 99 {
                FileHandle.standardError.write(
                    Data("building the catalogue store: \((index + 1) * 1_000) credentials\n".utf8))
            }
        }
        catalogue = store
        return store
    }

    nonisolated(unsafe) private static var catalogue: ChainStore?
}
