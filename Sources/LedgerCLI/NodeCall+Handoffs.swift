import LedgerCore

extension NodeCall {
    /// The node's validator-set handoffs (`GET /v1/handoffs`), each checked from `genesis`: the sets a command
    /// needs to check certificates made after a change, trusting nothing but genesis.
    func validatorHistory(genesis: Genesis) throws -> ValidatorHistory {
        let reply = try get("/v1/handoffs")
        guard reply.status == 200 else { throw NodeCall.failure(reply, what: "fetching the validator-set handoffs") }
        do {
            return try HandoffsDocument.parse(json: reply.body).history(genesis: genesis)
        } catch let failure as ProofFailure {
            throw CLIFailure.checkFailed("\(failure.check.rawValue) check failed: \(failure.reason)")
        } catch {
            throw CLIFailure.checkFailed("handoffs check failed: the node's handoffs do not parse: \(error)")
        }
    }
}
