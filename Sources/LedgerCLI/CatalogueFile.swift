import Foundation
import LedgerCore
import LedgerStore

/// A catalogue to load (`mcledger.catalogue.v1`, as config/catalogue.example/catalogue.json): institutions with
/// their member state, and the entries each one offers.
struct CatalogueFile {
    struct Issuer {
        let issuerID: String
        let displayName: String
        let country: String
        /// university, publicCollege, trainingAgency, researchInstitute: for people, not the chain.
        let type: String
    }

    struct Entry {
        let issuerID: String
        let definition: RegisterDefinition
    }

    let issuers: [Issuer]
    let entries: [Entry]

    static let format = "mcledger.catalogue.v1"

    /// Parses and checks a catalogue: every field, every issuer named, every pathway's components listed earlier.
    static func parse(_ bytes: [UInt8], source: String) throws -> CatalogueFile {
        do {
            let value = try JSONParser.parse(bytes, bytesMax: 4 << 20)
            let fields = try JSONFields(value, path: "", allowed: ["format", "note", "issuers", "entries"])
            guard try fields.string("format") == format else {
                throw FormatError.invalidValue(field: "format", reason: "must be \(format)")
            }
            let issuers = try fields.array("issuers", countMax: 1_000).enumerated().map { index, item in
                let issuer = try JSONFields(
                    item, path: "issuers[\(index)]", allowed: ["issuerId", "displayName", "country", "type"])
                return Issuer(
                    issuerID: try issuer.string("issuerId"), displayName: try issuer.string("displayName"),
                    country: try issuer.string("country"), type: try issuer.string("type"))
            }
            let known = Set(issuers.map(\.issuerID))
            var listed = Set<String>()
            let entries = try fields.array("entries", countMax: 100_000).enumerated().map { index, item in
                let entry = try parseEntry(item, path: "entries[\(index)]")
                guard known.contains(entry.issuerID) else {
                    throw FormatError.invalidValue(
                        field: "entries[\(index)].issuerId", reason: "names no issuer of this file")
                }
                for component in entry.definition.components where !listed.contains(component) {
                    throw FormatError.invalidValue(
                        field: "entries[\(index)].components", reason: "\(component) is not listed before it")
                }
                listed.insert(entry.definition.definitionID)
                return entry
            }
            return CatalogueFile(issuers: issuers, entries: entries)
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.usage("\(source): \(error)")
        }
    }

    private static func parseEntry(_ item: JSONValue, path: String) throws -> Entry {
        let entry = try JSONFields(
            item, path: path,
            allowed: [
                "definitionId", "issuerId", "title", "kind", "format", "hours", "level", "credits", "language",
                "learningOutcomes", "components", "require",
            ])
        func named<Value: CaseIterable & CustomStringConvertible>(_ key: String, _: Value.Type) throws -> Value {
            let text = try entry.string(key)
            guard let value = Value.allCases.first(where: { $0.description == text }) else {
                throw FormatError.invalidValue(
                    field: entry.field(key), reason: "must be one of \(Value.allCases.map(\.description))")
            }
            return value
        }
        func number(_ key: String, scale: Double) throws -> Double {
            guard let value = try entry.value(key).numberValue, value >= 0, value * scale < 4e9 else {
                throw FormatError.invalidValue(field: entry.field(key), reason: "must be a number of 0 or more")
            }
            return (value * scale).rounded()
        }
        func texts(_ key: String) throws -> [String] {
            guard entry.has(key) else { return [] }
            return try entry.array(key, countMax: 64).enumerated().map { index, text in
                guard let string = text.stringValue else {
                    throw FormatError.invalidValue(field: "\(entry.field(key))[\(index)]", reason: "must be a string")
                }
                return string
            }
        }
        let components = try texts("components")
        let definition = RegisterDefinition(
            definitionID: try entry.string("definitionId"), title: try entry.string("title"),
            notionalMinutes: UInt32(try number("hours", scale: 60)),
            level: UInt8(clamping: try entry.unsignedInteger("level")),
            format: try named("format", DeliveryFormat.self), activity: try named("kind", ActivityKind.self),
            creditTenths: UInt16(clamping: Int(try entry.has("credits") ? number("credits", scale: 10) : 0)),
            language: entry.has("language") ? try entry.string("language") : "en",
            learningOutcomes: try texts("learningOutcomes"), components: components,
            componentsRequired: UInt8(
                clamping: entry.has("require") ? try entry.unsignedInteger("require") : UInt64(components.count)))
        // The same checks the chain makes, so a bad entry is named here and not refused by the node later.
        try TransactionPayload.registerDefinition(definition).validateFields()
        return Entry(issuerID: try entry.string("issuerId"), definition: definition)
    }

    /// The signed transactions that load this catalogue onto `genesis`'s chain: each issuer registered by
    /// `authority`, then each entry signed by its issuer, whose new key is written to `keyDirectory`.
    func transactions(
        genesis: Genesis, authority: P256PrivateKey, keyDirectory: String
    ) throws -> [SignedTransaction] {
        try FileManager.default.createDirectory(atPath: keyDirectory, withIntermediateDirectories: true)
        var keys: [String: P256PrivateKey] = [:]
        var signed: [SignedTransaction] = []
        for issuer in issuers {
            let key = try P256PrivateKey.generate()
            try KeyFile.writeKeyPair(key, prefix: keyDirectory + "/" + issuer.issuerID)
            keys[issuer.issuerID] = key
            signed.append(
                try SignedTransaction.sign(
                    TransactionBody(
                        chainID: genesis.chainID, authorKeyID: authority.publicKey.keyID,
                        payload: .registerIssuer(
                            RegisterIssuer(
                                issuerID: issuer.issuerID, displayName: issuer.displayName, country: issuer.country,
                                publicKey: key.publicKey.spkiDER, accreditationNotes: "sample catalogue: \(issuer.type)"
                            ))),
                    with: authority))
        }
        for entry in entries {
            guard let key = keys[entry.issuerID] else { continue }
            signed.append(
                try SignedTransaction.sign(
                    TransactionBody(
                        chainID: genesis.chainID, authorKeyID: key.publicKey.keyID,
                        payload: .registerDefinition(entry.definition)),
                    with: key))
        }
        return signed
    }
}
