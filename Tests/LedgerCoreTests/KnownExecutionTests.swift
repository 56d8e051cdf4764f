import LedgerCore
import Testing

@Suite("A block executed once: a known execution is reused only for the same transactions, parent and time")
struct KnownExecutionTests {
    static func execute(
        _ chain: TestChain, _ transactions: [SignedTransaction], at timestamp: UInt64, known: BlockExecution? = nil
    ) throws -> BlockExecution {
        try ChainRules.execute(
            transactions, timestampMilliseconds: timestamp, parent: chain.tip, parentStatus: chain.statusMap,
            genesis: chain.genesis, registry: chain.registry, known: known
        ).get()
    }

    /// Whether two executions share their status tree: a reused execution is the same value, a fresh one builds
    /// new nodes.
    static func sameTree(_ left: BlockExecution, _ right: BlockExecution) -> Bool {
        left.status.tree.root === right.status.tree.root
    }

    @Test(
        "the same inputs reuse it; other transactions or another parent execute afresh, another time reruns the rules")
    func reuse() throws {
        let (chain, issuer) = try ChainRulesTests.chainWithIssuer()
        let first = [try chain.issue("cred-1", by: issuer)]
        let second = [try chain.issue("cred-2", by: issuer)]
        let time = chain.clockMilliseconds + 1_000
        let known = try Self.execute(chain, first, at: time)
        #expect(Self.sameTree(try Self.execute(chain, first, at: time, known: known), known))

        let other = try Self.execute(chain, second, at: time, known: known)
        #expect(!Self.sameTree(other, known))
        #expect(other.status.root == (try Self.execute(chain, second, at: time)).status.root)
        #expect(other.status.root != known.status.root)

        // Another time runs the rules again; their registry changes are the same, so is the status update.
        let later = try Self.execute(chain, first, at: time + 1, known: known)
        #expect(later.timestampMilliseconds == time + 1 && Self.sameTree(later, known))
        // Same transaction id, another signature: not the transactions it ran, so the signature is checked.
        let resigned = try SignedTransaction(body: first[0].body, signature: second[0].signature)
        let forged = try ChainRules.execute(
            [resigned], timestampMilliseconds: time, parent: chain.tip, parentStatus: chain.statusMap,
            genesis: chain.genesis, registry: chain.registry, known: known)
        guard case .failure(.transaction(index: 0, _)) = forged else {
            Issue.record("a transaction with a forged signature was taken for the known one: \(forged)")
            return
        }

        try chain.appendBlock(second)
        let next = chain.clockMilliseconds + 1_000
        let stale = try Self.execute(chain, first, at: next)
        try chain.appendBlock([try chain.issue("cred-3", by: issuer)])
        #expect(!Self.sameTree(try Self.execute(chain, first, at: next, known: stale), stale))
    }

    @Test("a block is judged on its own transactions: an execution of others cannot vouch for its roots")
    func cannotVouch() throws {
        let (chain, issuer) = try ChainRulesTests.chainWithIssuer()
        let genuine = [try chain.issue("cred-1", by: issuer)]
        let other = [try chain.issue("cred-2", by: issuer)]
        let block = try chain.makeBlock(genuine)
        let otherExecution = try Self.execute(chain, other, at: block.header.timestampMilliseconds)
        let accepted = try ChainRules.validate(
            block: block, parent: chain.tip, parentStatus: chain.statusMap, genesis: chain.genesis,
            registry: chain.registry, localTimeMilliseconds: chain.clockMilliseconds, known: otherExecution
        ).get()
        #expect(accepted.status.root == block.header.statusRoot)

        // A header carrying the other execution's status root over the genuine transactions is refused.
        var forged = block.header
        forged.statusRoot = otherExecution.status.root
        let result = try ChainRules.validate(
            block: try chain.seal(forged, transactions: genuine), parent: chain.tip, parentStatus: chain.statusMap,
            genesis: chain.genesis, registry: chain.registry, localTimeMilliseconds: chain.clockMilliseconds,
            known: otherExecution)
        #expect(
            ChainRulesTests.rejection(result)
                == .wrongStatusRoot(header: otherExecution.status.root, computed: block.header.statusRoot))
    }
}
