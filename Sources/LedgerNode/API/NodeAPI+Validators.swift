import Hummingbird
import LedgerCore
import LedgerStore

/// The validator set, its pending changes and the handoffs between sets (docs/openapi.yaml).
extension NodeAPI {
    func addValidatorRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/validators") { request, _ in try validators(request) }
        router.get("/v1/proposals") { _, _ in proposals() }
        router.get("/v1/handoffs") { _, _ in try handoffs() }
    }

    /// The set that certifies block `?height=H` (default: the next block), with its epoch.
    private func validators(_ request: Request) throws -> Response {
        let tip = store.tip
        var height = tip.height + 1
        if let text = request.uri.queryParameters.get("height") {
            guard let value = UInt64(text), value >= 1, value <= tip.height + 1 else {
                throw APIError.badRequest(
                    "invalid_height", "height must be a block height from 1 to \(tip.height + 1), the next block")
            }
            height = value
        }
        let epoch = store.history.epoch(atHeight: height)
        let set = epoch.validators
        return APIResponse.json(
            .object([
                JSONMember("height", APIRepresentation.number(height)),
                JSONMember("epoch", APIRepresentation.number(UInt64(epoch.number))),
                JSONMember("epochStartHeight", APIRepresentation.number(epoch.startHeight)),
                JSONMember("validatorSetHash", .string(set.hash.hex)),
                JSONMember("quorum", APIRepresentation.number(UInt64(set.quorum))),
                JSONMember("faultTolerance", APIRepresentation.number(UInt64(set.faultTolerance))),
                JSONMember("minValidators", APIRepresentation.number(UInt64(genesis.parameters.minValidators))),
                JSONMember("validators", .array(set.members.map(APIRepresentation.validator))),
            ]))
    }

    /// Pending proposals that a transaction in the next block may still approve.
    private func proposals() -> Response {
        let tip = store.tip
        let governance = tip.governance
        let nextHeight = tip.height + 1
        let history = store.history
        func name(_ keyID: KeyID) -> String { history.member(keyID: keyID, atOrBefore: nextHeight)?.name ?? keyID.hex }
        let pending = governance.pending(atHeight: nextHeight).map { proposal -> JSONValue in
            var change: [JSONMember] = [JSONMember("name", .string(proposal.change.name))]
            switch proposal.change {
            case .add(let addition):
                change.insert(JSONMember("action", .string("add")), at: 0)
                change.append(JSONMember("country", .string(addition.country)))
                change.append(JSONMember("keyId", .string(SHA256.hash(addition.publicKey).hex)))
            case .remove:
                change.insert(JSONMember("action", .string("remove")), at: 0)
            }
            return .object([
                JSONMember("id", .string(proposal.id.hex)),
                JSONMember("change", .object(change)),
                JSONMember("proposedBy", .string(name(proposal.proposedBy))),
                JSONMember("height", APIRepresentation.number(proposal.location.height)),
                JSONMember(
                    "lastApprovalHeight",
                    APIRepresentation.number(
                        proposal.lastApprovalHeight(lifetimeBlocks: governance.proposalLifetimeBlocks))
                ),
                JSONMember("approvals", .array(proposal.approvals.map { .string(name($0)) })),
                JSONMember("approvalsNeeded", APIRepresentation.number(UInt64(governance.validators.quorum))),
            ])
        }
        return APIResponse.json(
            .object([
                JSONMember("height", APIRepresentation.number(tip.height)),
                JSONMember("epoch", APIRepresentation.number(UInt64(governance.epoch))),
                JSONMember("proposals", .array(pending)),
            ]))
    }

    /// `mcledger.handoffs.v1`: every handoff up to the current epoch.
    private func handoffs() throws -> Response {
        do {
            return APIResponse.json(try store.handoffsDocument().jsonValue)
        } catch {
            throw APIError.store(error)
        }
    }
}
