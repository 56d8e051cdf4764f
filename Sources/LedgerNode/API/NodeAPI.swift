import Foundation
import Hummingbird
import LedgerCore
import LedgerRuntime
import LedgerStore

/// The HTTP/JSON API (docs/openapi.yaml). Reads go straight to the store, which is safe to share; submissions
/// go through the runtime's admission.
struct NodeAPI: Sendable {
    let runtime: NodeRuntime
    let metrics: NodeMetrics
    let bodyBytesMax: Int
    /// Transactions in one POST, at most.
    static let submissionCountMax = 1_000

    var store: ChainStore { runtime.store }
    var genesis: Genesis { runtime.genesis }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        router.post("/v1/transactions") { request, _ in try await submit(request) }
        router.get("/v1/transactions/:id") { _, context in try await transaction(context) }
        router.get("/v1/credentials/:id") { _, context in try credential(context) }
        router.get("/v1/credentials/:id/proof") { _, context in try proof(context) }
        router.get("/v1/credentials/:id/status") { request, context in try statusProof(request, context) }
        router.get("/v1/blocks/:height") { request, context in try block(request, context) }
        router.get("/v1/issuers") { _, _ in try issuers() }
        router.get("/v1/head") { _, _ in await head() }
        router.get("/v1/checkpoint") { _, _ in try checkpoint() }
        router.get("/v1/consistency") { request, _ in try consistency(request) }
        addValidatorRoutes(to: router)
        addCatalogueRoutes(to: router)
        addQualityAssuranceRoutes(to: router)
        addPageRoutes(to: router)
        router.get("/healthz") { _, _ in await health() }
        router.get("/metrics") { _, _ in
            APIResponse.text(metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        return router
    }

    // MARK: - Submissions

    private func submit(_ request: Request) async throws -> Response {
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.body.collect(upTo: bodyBytesMax))
        } catch {
            throw APIError(
                status: .contentTooLarge, code: "body_too_large",
                reason: "request body is over the limit of \(bodyBytesMax) bytes")
        }
        let (transactions, single) = try Self.parseSubmission(body)
        let outcomes = await runtime.submit(transactions)
        if single, let outcome = outcomes.first { return Self.singleResponse(outcome) }
        let results = outcomes.map { outcome -> JSONValue in
            switch outcome {
            case .admitted(let id), .rejected(let id, .alreadyPending(_)):
                return .object([JSONMember("id", .string(id.hex)), JSONMember("status", .string("pending"))])
            case .rejected(let id, let rejection):
                return .object([
                    JSONMember("id", .string(id.hex)), JSONMember("status", .string("rejected")),
                    JSONMember("error", .string(rejection.code)), JSONMember("reason", .string(rejection.description)),
                ])
            }
        }
        return APIResponse.json(.object([JSONMember("results", .array(results))]))
    }

    /// `{"transaction": base64}` or `{"transactions": [base64, …]}`; each is a canonical signed transaction.
    static func parseSubmission(_ body: [UInt8]) throws(APIError) -> ([SignedTransaction], single: Bool) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body, bytesMax: body.count)
        } catch {
            throw .badRequest("malformed_json", "request body is not valid JSON: \(error)")
        }
        let encoded: [String]
        let single: Bool
        do {
            let fields = try JSONFields(value, path: "", allowed: ["transaction", "transactions"])
            if fields.has("transaction") && !fields.has("transactions") {
                encoded = [try fields.string("transaction")]
                single = true
            } else if fields.has("transactions") && !fields.has("transaction") {
                let array = try fields.array("transactions", countMax: submissionCountMax)
                guard !array.isEmpty else { throw FormatError.invalidValue(field: "transactions", reason: "is empty") }
                encoded = try array.enumerated().map { index, element throws(FormatError) in
                    guard let text = element.stringValue else {
                        throw .invalidValue(field: "transactions[\(index)]", reason: "must be a base64 string")
                    }
                    return text
                }
                single = false
            } else {
                throw FormatError.invalidValue(field: "body", reason: "give exactly one of transaction or transactions")
            }
        } catch {
            throw .badRequest("invalid_request", "\(error)")
        }
        var transactions: [SignedTransaction] = []
        for (index, text) in encoded.enumerated() {
            let field = single ? "transaction" : "transactions[\(index)]"
            guard let bytes = Base64.decode(text) else {
                throw .badRequest("invalid_request", "\(field) is not valid base64")
            }
            do {
                transactions.append(try SignedTransaction.decode(bytes))
            } catch {
                throw .badRequest("malformed_transaction", "\(field): \(error)")
            }
        }
        return (transactions, single)
    }

    static func singleResponse(_ outcome: AdmissionOutcome) -> Response {
        switch outcome {
        case .admitted(let id), .rejected(let id, .alreadyPending(_)):
            return APIResponse.json(
                .object([JSONMember("id", .string(id.hex)), JSONMember("status", .string("pending"))]),
                status: .accepted)
        case .rejected(let id, let rejection):
            let status: HTTPResponse.Status =
                switch rejection {
                case .rule(.duplicateTransaction), .rule(.credentialAlreadyIssued), .rule(.issuerAlreadyRegistered),
                    .rule(.definitionAlreadyRegistered), .rule(.alreadyRevoked):
                    .conflict
                case .rule: .unprocessableContent
                case .full, .unavailable: .serviceUnavailable
                case .storage: .internalServerError
                case .alreadyPending: .accepted
                }
            var error = APIError(status: status, code: rejection.code, reason: rejection.description)
            error.extra = [JSONMember("id", .string(id.hex))]
            return error.response
        }
    }

    // MARK: - Reads

    private static func digestParameter(_ context: BasicRequestContext, _ name: String) throws(APIError) -> SHA256Digest
    {
        guard let text = context.parameters.get(name), let digest = try? SHA256Digest(hex: text) else {
            throw .badRequest("invalid_id", "\(name) must be 64 lowercase hex characters")
        }
        return digest
    }

    private func transaction(_ context: BasicRequestContext) async throws -> Response {
        let id = try Self.digestParameter(context, "id")
        let status: TransactionStatus
        do {
            status = try await runtime.status(of: id)
        } catch {
            throw APIError.store(error)
        }
        guard let value = APIRepresentation.transactionStatus(id, status) else {
            throw APIError.notFound("no transaction \(id.hex) is final, pending or recently refused on this node")
        }
        return APIResponse.json(value)
    }

    /// The path's credential id, percent-decoded, as printed (`urn:uuid:…` names the same credential) and checked.
    private func credentialID(_ context: BasicRequestContext) throws(APIError) -> String {
        guard let raw = context.parameters.get("id"), let printed = raw.removingPercentEncoding else {
            throw .badRequest("invalid_id", "the credential id in the path is not valid percent-encoded UTF-8")
        }
        let id = CredentialIdentifier.anchored(fromPrinted: printed)
        do {
            try CredentialIdentifier.check(id)
        } catch {
            throw .badRequest("invalid_id", "\(error)")
        }
        return id
    }

    private func credential(_ context: BasicRequestContext) throws -> Response {
        let id = try credentialID(context)
        let record: CredentialRecord?
        do {
            record = try store.credential(id: id)
        } catch {
            throw APIError.store(error)
        }
        guard let record else { throw APIError.notFound("no credential \"\(id)\" on this chain") }
        return APIResponse.json(APIRepresentation.credential(record))
    }

    /// The credential's status proven against the latest final block, or with `?height=H` a retained older one
    /// (`mcledger.status.v2`).
    private func statusProof(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        let id = try credentialID(context)
        var height: UInt64? = nil
        if let text = request.uri.queryParameters.get("height") {
            guard let value = UInt64(text), value >= 1 else {
                throw APIError.badRequest("invalid_height", "height must be a block height, 1 or more")
            }
            height = value
        }
        do {
            return APIResponse.json(try store.statusProof(credentialID: id, atHeight: height).jsonValue)
        } catch {
            throw APIError.store(error)
        }
    }

    private func proof(_ context: BasicRequestContext) throws -> Response {
        let id = try credentialID(context)
        do {
            return APIResponse.json(try store.proofBundle(credentialID: id).jsonValue)
        } catch {
            throw APIError.store(error)
        }
    }

    private func block(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        guard let height = context.parameters.get("height", as: UInt64.self), height >= 1 else {
            throw APIError.badRequest("invalid_height", "height must be a whole number from 1")
        }
        guard height <= store.tip.height else {
            throw APIError.notFound("block \(height) is not final yet; the chain is at \(store.tip.height)")
        }
        do {
            let withEncoding = request.uri.queryParameters.get("encoded") != "false"
            return APIResponse.json(
                APIRepresentation.block(
                    try store.block(height: height), validators: store.validatorSet(atHeight: height),
                    encoded: withEncoding))
        } catch {
            throw APIError.store(error)
        }
    }

    private func issuers() throws -> Response {
        do {
            let records = try store.issuers()
            return APIResponse.json(
                .object([
                    JSONMember(
                        "issuers", .array(records.map { APIRepresentation.issuer($0, history: store.history) })
                    )
                ]))
        } catch {
            throw APIError.store(error)
        }
    }

    /// The latest final block's commit checkpoint as a signed note (c2sp.org/signed-note), as plain text.
    private func checkpoint() throws -> Response {
        let latest: (header: BlockHeader, note: SignedNote)?
        do {
            latest = try store.latestCheckpoint()
        } catch {
            throw APIError.store(error)
        }
        guard let latest else { throw APIError.notFound("no block is final yet, so there is no checkpoint") }
        return APIResponse.text(Array(latest.note.encoded.utf8), contentType: "text/plain; charset=utf-8")
    }

    private func head() async -> Response {
        let tip = store.tip
        let (round, caughtUp, pending, peers) = await runtime.overview()
        let identity = runtime.identity
        return APIResponse.json(
            .object([
                JSONMember("chainId", .string(genesis.chainID.hex)),
                JSONMember("chainName", .string(genesis.chainName)),
                JSONMember("height", APIRepresentation.number(tip.height)),
                JSONMember("headerHash", .string(tip.headerHash.hex)),
                JSONMember("timestamp", APIRepresentation.number(tip.timestampMilliseconds)),
                JSONMember("ledgerSize", APIRepresentation.number(tip.ledger.size)),
                JSONMember("round", APIRepresentation.number(round)),
                JSONMember("caughtUp", .bool(caughtUp)),
                JSONMember("mempool", APIRepresentation.number(pending)),
                JSONMember("peers", APIRepresentation.number(peers)),
                JSONMember(
                    "node",
                    .object([
                        JSONMember("name", .string(identity.name)), JSONMember("keyId", .string(identity.keyID.hex)),
                        JSONMember("validator", .bool(tip.validators.contains(identity.keyID))),
                    ])),
            ]))
    }

    private func consistency(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard let from = query.get("from").flatMap({ UInt64($0) }), let to = query.get("to").flatMap({ UInt64($0) })
        else {
            throw APIError.badRequest("invalid_request", "give from and to as block heights, e.g. ?from=10&to=20")
        }
        guard from >= 1, from <= to else {
            throw APIError.badRequest("invalid_request", "need 1 ≤ from ≤ to, got from=\(from) to=\(to)")
        }
        guard to <= store.tip.height else {
            throw APIError.notFound("block \(to) is not final yet; the chain is at \(store.tip.height)")
        }
        do {
            return APIResponse.json(
                APIRepresentation.consistency(try store.consistencyProof(fromHeight: from, toHeight: to)))
        } catch {
            throw APIError.store(error)
        }
    }

    private func health() async -> Response {
        if let reason = await runtime.haltReason {
            return APIResponse.json(
                .object([JSONMember("status", .string("halted")), JSONMember("reason", .string(reason))]),
                status: .serviceUnavailable)
        }
        return APIResponse.json(
            .object([
                JSONMember("status", .string("ok")), JSONMember("height", APIRepresentation.number(store.tip.height)),
            ]))
    }
}
