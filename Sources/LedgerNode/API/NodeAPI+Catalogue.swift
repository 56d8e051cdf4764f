import Foundation
import Hummingbird
import LedgerCore
import LedgerStore

/// The catalogue and the issuers behind it (docs/openapi.yaml): search, one entry, one issuer.
extension NodeAPI {
    func addCatalogueRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/definitions") { request, _ in try definitions(request) }
        router.get("/v1/definitions/:id") { _, context in try definition(context) }
        router.get("/v1/issuers/:id") { _, context in try issuer(context) }
    }

    /// `GET /v1/definitions?issuer=&country=&level=&kind=&format=&language=&minHours=&maxHours=&q=&limit=&after=`.
    private func definitions(_ request: Request) throws -> Response {
        let query = try Self.catalogueQuery(
            request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) })
        let page = try search(query)
        return APIResponse.json(
            .object([
                JSONMember("definitions", .array(try page.entries.map(representation))),
                JSONMember("total", APIRepresentation.number(page.total)),
                JSONMember("next", page.next.map { .string(String($0)) } ?? .null),
            ]))
    }

    private func definition(_ context: BasicRequestContext) throws -> Response {
        let id = try Self.recordID(context, field: "definition id")
        let record: DefinitionRecord?
        do {
            record = try store.definition(id: id)
        } catch {
            throw APIError.store(error)
        }
        guard let record else { throw APIError.notFound("no catalogue entry \"\(id)\" on this chain") }
        return APIResponse.json(try representation(record))
    }

    private func issuer(_ context: BasicRequestContext) throws -> Response {
        let id = try Self.recordID(context, field: "issuer id")
        let found: IssuerRecord?
        do {
            found = try store.issuer(id: id)
        } catch {
            throw APIError.store(error)
        }
        guard let record = found else { throw APIError.notFound("no issuer \"\(id)\" is registered on this chain") }
        let entries = try search(CatalogueQuery(issuerID: id, limit: 1)).total
        guard case .object(var members) = APIRepresentation.issuer(record, history: store.history) else {
            throw APIError.internalError("an issuer's representation is an object")
        }
        members.append(JSONMember("definitions", APIRepresentation.number(entries)))
        members.append(try accreditationsMember(issuerID: id))
        return APIResponse.json(.object(members))
    }

    private func search(_ query: CatalogueQuery) throws(APIError) -> CataloguePage {
        do {
            return try store.searchDefinitions(query)
        } catch {
            throw .store(error)
        }
    }

    private func representation(_ record: DefinitionRecord) throws -> JSONValue {
        let issuer: IssuerRecord?
        do {
            issuer = try store.issuer(id: record.issuerID)
        } catch {
            throw APIError.store(error)
        }
        return APIRepresentation.definition(record, country: issuer?.country ?? "")
    }

    /// The path's id, percent-decoded and checked as an identifier.
    static func recordID(_ context: BasicRequestContext, field: String) throws(APIError) -> String {
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding else {
            throw .badRequest("invalid_id", "the \(field) in the path is not valid percent-encoded UTF-8")
        }
        do {
            try RecordIdentifier.check(id, field: field)
        } catch {
            throw .badRequest("invalid_id", "\(error)")
        }
        return id
    }

    /// The search's parameters, each checked; an unknown parameter is refused so a typo never widens a search.
    static func catalogueQuery(_ parameters: [(name: String, value: String)]) throws(APIError) -> CatalogueQuery {
        let known: Set<String> = [
            "issuer", "country", "level", "kind", "format", "language", "minHours", "maxHours", "q", "limit", "after",
        ]
        for (name, _) in parameters where !known.contains(name) {
            throw .badRequest(
                "invalid_query", "unknown parameter '\(name)'; known: \(known.sorted().joined(separator: ", "))")
        }
        var values: [String: String] = [:]
        for (name, value) in parameters {
            guard values.updateValue(value, forKey: name) == nil else {
                throw .badRequest("invalid_query", "parameter '\(name)' is given twice")
            }
        }
        func text(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }
        func invalid(_ name: String, _ rule: String) -> APIError { .badRequest("invalid_query", "\(name) \(rule)") }
        var query = CatalogueQuery()
        if let issuer = text("issuer") {
            guard (try? RecordIdentifier.check(issuer, field: "issuer")) != nil else {
                throw invalid("issuer", "must be an issuer id (A-Z a-z 0-9 - . _ ~, at most 64)")
            }
            query.issuerID = issuer
        }
        if let country = text("country") {
            guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                throw invalid("country", "must be an ISO 3166-1 alpha-2 code such as JM or TT")
            }
            query.country = country
        }
        if let level = text("level") {
            guard let value = UInt8(level), (1...10).contains(value) else {
                throw invalid("level", "must be a CQF level from 1 to 10")
            }
            query.level = value
        }
        if let kind = text("kind") {
            guard let value = ActivityKind.allCases.first(where: { $0.description == kind }) else {
                throw invalid(
                    "kind", "must be one of \(ActivityKind.allCases.map(\.description).joined(separator: ", "))")
            }
            query.activity = value
        }
        if let format = text("format") {
            guard let value = DeliveryFormat.allCases.first(where: { $0.description == format }) else {
                throw invalid(
                    "format", "must be one of \(DeliveryFormat.allCases.map(\.description).joined(separator: ", "))")
            }
            query.format = value
        }
        if let language = text("language") {
            guard (try? RecordIdentifier.checkLanguage(language)) != nil else {
                throw invalid("language", "must be a BCP 47 language tag such as en or es")
            }
            query.language = language
        }
        func minutes(_ name: String) throws(APIError) -> UInt32? {
            guard let value = text(name) else { return nil }
            guard let hours = Double(value), hours.isFinite, hours >= 0, hours <= 1_000_000 else {
                throw invalid(name, "must be a number of hours from 0 to 1000000, e.g. 7.5")
            }
            return UInt32((hours * 60).rounded())
        }
        query.minimumMinutes = try minutes("minHours")
        query.maximumMinutes = try minutes("maxHours")
        if let minimum = query.minimumMinutes, let maximum = query.maximumMinutes, minimum > maximum {
            throw invalid("minHours", "is above maxHours")
        }
        if let words = text("q") {
            guard words.utf8.count <= 200 else { throw invalid("q", "is over 200 bytes") }
            guard CatalogueQuery.words(of: words) != nil else { throw invalid("q", "holds no letters or digits") }
            query.text = words
        }
        if let limit = text("limit") {
            guard let value = Int(limit), (1...CatalogueQuery.limitMax).contains(value) else {
                throw invalid("limit", "must be from 1 to \(CatalogueQuery.limitMax)")
            }
            query.limit = value
        }
        if let after = text("after") {
            guard let value = UInt64(after) else { throw invalid("after", "must be the 'next' of a previous page") }
            query.after = value
        }
        return query
    }
}
