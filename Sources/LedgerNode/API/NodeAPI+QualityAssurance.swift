import Hummingbird
import LedgerCore
import LedgerStore

/// Quality-assurance bodies and their accreditations (docs/openapi.yaml).
extension NodeAPI {
    func addQualityAssuranceRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/qa-bodies") { _, _ in try qaBodies() }
        router.get("/v1/qa-bodies/:id") { _, context in try qaBody(context) }
        router.get("/v1/accreditations/:id") { _, context in try accreditation(context) }
    }

    private func qaBodies() throws -> Response {
        let records: [QABodyRecord]
        do {
            records = try store.qaBodies()
        } catch {
            throw APIError.store(error)
        }
        return APIResponse.json(
            .object([
                JSONMember("qaBodies", .array(records.map { APIRepresentation.qaBody($0, history: store.history) }))
            ]))
    }

    private func qaBody(_ context: BasicRequestContext) throws -> Response {
        let id = try Self.recordID(context, field: "QA body id")
        let record: QABodyRecord?
        do {
            record = try store.qaBody(id: id)
        } catch {
            throw APIError.store(error)
        }
        guard let record else { throw APIError.notFound("no QA body \"\(id)\" is registered on this chain") }
        return APIResponse.json(APIRepresentation.qaBody(record, history: store.history))
    }

    private func accreditation(_ context: BasicRequestContext) throws -> Response {
        let id = try Self.recordID(context, field: "accreditation id")
        let record: AccreditationRecord?
        do {
            record = try store.accreditation(id: id)
        } catch {
            throw APIError.store(error)
        }
        guard let record else { throw APIError.notFound("no accreditation \"\(id)\" is recorded on this chain") }
        return APIResponse.json(APIRepresentation.accreditation(record, now: store.tip.timestampMilliseconds))
    }

    /// An issuer's accreditations, for its own resource.
    func accreditationsMember(issuerID: String) throws(APIError) -> JSONMember {
        do {
            let records = try store.accreditations(issuerID: issuerID)
            let now = store.tip.timestampMilliseconds
            return JSONMember("accreditations", .array(records.map { APIRepresentation.accreditation($0, now: now) }))
        } catch {
            throw .store(error)
        }
    }
}

extension APIRepresentation {
    static func qaBody(_ record: QABodyRecord, history: ValidatorHistory) -> JSONValue {
        .object(
            [
                JSONMember("qaBodyId", .string(record.qaBodyID)),
                JSONMember("displayName", .string(record.displayName)),
                JSONMember("country", .string(record.country)),
                JSONMember("keyId", .string(record.keyID.hex)),
                JSONMember("publicKey", .string(record.publicKey.pem)),
                JSONMember(
                    "registeredBy", .string(authorityName(record.registeredBy, at: record.location, history: history))),
                JSONMember("transactionId", .string(record.transactionID.hex)),
            ] + locationMembers(record.location))
    }

    /// `now` (the latest block's time) says whether the period holds today.
    static func accreditation(_ record: AccreditationRecord, now: UInt64) -> JSONValue {
        let accreditation = record.accreditation
        let scope: JSONValue =
            switch accreditation.scope {
            case .issuer(let kinds): .object([JSONMember("kinds", .array(kinds.map { .string($0.description) }))])
            case .entries(let ids): .object([JSONMember("entries", .array(ids.map { .string($0) }))])
            }
        var members = [
            JSONMember("accreditationId", .string(record.accreditationID)),
            JSONMember("issuerId", .string(accreditation.issuerID)),
            JSONMember("qaBodyId", .string(record.qaBodyID)),
            JSONMember("scope", scope),
            JSONMember("validFrom", number(accreditation.validFromMilliseconds)),
            JSONMember("validUntil", number(accreditation.validUntilMilliseconds)),
            JSONMember("state", .string(record.withdrawal == nil ? "active" : "withdrawn")),
            JSONMember("inForce", .bool(record.withdrawal == nil && accreditation.isValid(atMilliseconds: now))),
            JSONMember("transactionId", .string(record.transactionID.hex)),
        ]
        members += locationMembers(record.location)
        if let withdrawal = record.withdrawal {
            members.append(
                JSONMember(
                    "withdrawal",
                    .object(
                        [
                            JSONMember("decidedAt", number(withdrawal.decidedAtMilliseconds)),
                            JSONMember("transactionId", .string(withdrawal.transactionID.hex)),
                        ] + locationMembers(withdrawal.location))))
        }
        return .object(members)
    }
}
