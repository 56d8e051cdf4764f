import LedgerCore
import Testing

/// A tally over `ValidatorGovernance` alone: named members A, B, … with real keys, one governance transaction per
/// block unless a test puts several in one. Proofs of possession are the registry rules' (TransactionRules tests).
struct TallyHarness {
    var governance: ValidatorGovernance
    var keys: [String: P256PrivateKey] = [:]
    var height: UInt64 = 0
    var index: UInt32 = 0
    var proposals: [String: TransactionID] = [:]
    private var counter: UInt8 = 0

    init(_ members: [String], minValidators: Int = 1, lifetime: UInt64 = 100) throws {
        var keys: [String: P256PrivateKey] = [:]
        for name in members { keys[name] = try P256PrivateKey.generate() }
        let set = try ValidatorSet(members.map { ($0.lowercased(), keys[$0]!.publicKey) })
        governance = ValidatorGovernance(
            minValidators: minValidators, proposalLifetimeBlocks: lifetime, epoch: 0, validators: set,
            epochStartHeight: 1, proposals: [])
        self.keys = keys
    }

    mutating func key(_ name: String) throws -> P256PrivateKey {
        if let key = keys[name] { return key }
        let key = try P256PrivateKey.generate()
        keys[name] = key
        return key
    }

    var members: [String] { governance.validators.members.map { $0.name.uppercased() } }

    /// The pending proposal made for `change` ("+E", "-C"), if it is still pending.
    func pending(_ change: String) -> ValidatorProposal? { proposals[change].flatMap { governance.proposal(id: $0) } }

    /// Starts the next block; transactions until the next call share it.
    mutating func nextBlock() {
        height += 1
        index = 0
    }

    private mutating func run(_ payload: TransactionPayload, by author: String) throws -> Result<
        ValidatorGovernanceChange, TransactionRejection
    > {
        counter &+= 1
        let id = SHA256.hash([counter] + Array(author.utf8) + Array("\(payload)".utf8))
        let location = TransactionLocation(height: height, indexInBlock: index, ledgerIndex: UInt64(index))
        index += 1
        let decision = governance.evaluate(
            payload, author: try key(author).publicKey.keyID, transactionID: id, location: location,
            signers: signers ?? governance.validators)
        if case .success(let change) = decision { governance = governance.applying(change) }
        return decision
    }

    /// The set at the start of the current block (S(h)); set by `begin`.
    var signers: ValidatorSet?

    mutating func begin() {
        nextBlock()
        signers = governance.validators
    }

    /// `author` proposes adding `name` (or removing it), in a block of its own unless `sameBlock`.
    @discardableResult
    mutating func propose(_ author: String, add name: String, sameBlock: Bool = false) throws -> Result<
        ValidatorGovernanceChange, TransactionRejection
    > {
        if !sameBlock { begin() }
        let addition = ValidatorAddition(
            name: name.lowercased(), country: "JM", publicKey: try key(name).publicKey.spkiDER, proofOfPossession: [1])
        let result = try run(
            .proposeValidatorChange(ProposeValidatorChange(change: .add(addition), proposedAtMilliseconds: height)),
            by: author)
        if case .success(let change) = result { proposals["+" + name] = change.transactionID }
        return result
    }

    @discardableResult
    mutating func propose(_ author: String, remove name: String, sameBlock: Bool = false) throws -> Result<
        ValidatorGovernanceChange, TransactionRejection
    > {
        if !sameBlock { begin() }
        let result = try run(
            .proposeValidatorChange(
                ProposeValidatorChange(change: .remove(name: name.lowercased()), proposedAtMilliseconds: height)),
            by: author)
        if case .success(let change) = result { proposals["-" + name] = change.transactionID }
        return result
    }

    /// `author` approves the pending proposal for `change` ("+E" adds E, "-C" removes C).
    @discardableResult
    mutating func approve(_ author: String, _ change: String, sameBlock: Bool = false) throws -> Result<
        ValidatorGovernanceChange, TransactionRejection
    > {
        if !sameBlock { begin() }
        let id = proposals[change] ?? SHA256.hash(Array(change.utf8))
        return try run(.approveValidatorChange(ApproveValidatorChange(proposalID: id)), by: author)
    }

    func passed(_ result: Result<ValidatorGovernanceChange, TransactionRejection>) -> Bool {
        (try? result.get())?.passes ?? false
    }
}

/// EIP-225 (Clique) voting cases, ported to our tally: a quorum of q = ⌈2n/3⌉ approvals (Clique needs more than n/2),
/// one proposal per member and change (Clique tallies one vote per signer and target), the proposer's approval
/// counted, one change per block, expiry after a number of blocks (Clique clears votes at each epoch checkpoint).
@Suite("Validator-set governance: the EIP-225 cases, ported")
struct ValidatorGovernanceTests {
    @Test("a single validator with no votes cast keeps its set")
    func noVotes() throws {
        let tally = try TallyHarness(["A"])
        #expect(tally.members == ["A"] && tally.governance.epoch == 0)
    }

    @Test("a single validator adds one member alone; the second addition then needs both")
    func singleAddsTwo() throws {
        var tally = try TallyHarness(["A"])
        #expect(tally.passed(try tally.propose("A", add: "B")))
        #expect(tally.members == ["A", "B"] && tally.governance.epoch == 1)
        #expect(!tally.passed(try tally.propose("A", add: "C")))
        #expect(tally.members == ["A", "B"])
        #expect(tally.passed(try tally.approve("B", "+C")))
        #expect(tally.members == ["A", "B", "C"])
    }

    @Test("two validators add two more; the fifth needs three approvals of four")
    func twoAddThree() throws {
        var tally = try TallyHarness(["A", "B"])
        try tally.propose("A", add: "C")
        #expect(tally.passed(try tally.approve("B", "+C")))
        try tally.propose("A", add: "D")
        #expect(tally.passed(try tally.approve("B", "+D")), "q(3) = 2")
        try tally.propose("A", add: "E")
        #expect(!tally.passed(try tally.approve("B", "+E")), "q(4) = 3")
        #expect(tally.members == ["A", "B", "C", "D"])
        #expect(tally.passed(try tally.approve("C", "+E")))
        #expect(tally.members == ["A", "B", "C", "D", "E"])
    }

    @Test("a validator may propose its own removal, but never below minValidators")
    func dropSelf() throws {
        var single = try TallyHarness(["A"])
        #expect(
            try single.propose("A", remove: "A").failure == .belowMinimumValidators(count: 0, minimum: 1),
            "EIP-225 lets the last signer drop itself; an empty set could never sign again")
        var pair = try TallyHarness(["A", "B"])
        try pair.propose("A", remove: "A")
        #expect(pair.passed(try pair.approve("B", "-A")))
        #expect(pair.members == ["B"])
        var members = try TallyHarness(["A", "B", "C", "D"], minValidators: 4)
        #expect(try members.propose("A", remove: "D").failure == .belowMinimumValidators(count: 3, minimum: 4))
    }

    @Test("three validators, two remove the third; four need three to remove one")
    func removals() throws {
        var three = try TallyHarness(["A", "B", "C"])
        try three.propose("A", remove: "C")
        #expect(three.passed(try three.approve("B", "-C")))
        #expect(three.members == ["A", "B"])
        var four = try TallyHarness(["A", "B", "C", "D"])
        try four.propose("A", remove: "C")
        #expect(!four.passed(try four.approve("B", "-C")), "two of four is not a quorum")
        #expect(four.members == ["A", "B", "C", "D"])
        #expect(four.passed(try four.approve("D", "-C")))
        #expect(four.members == ["A", "B", "D"])
    }

    @Test("an approval counts once per validator and proposal")
    func countedOnce() throws {
        var tally = try TallyHarness(["A", "B", "C", "D"])
        try tally.propose("A", add: "E")
        let id = try #require(tally.proposals["+E"])
        #expect(try tally.approve("A", "+E").failure == .alreadyApproved(id))
        #expect(!tally.passed(try tally.approve("B", "+E")))
        #expect(try tally.approve("B", "+E").failure == .alreadyApproved(id))
        #expect(tally.members == ["A", "B", "C", "D"])
    }

    @Test("several changes may be pending at once, one proposal per member")
    func concurrentProposals() throws {
        var tally = try TallyHarness(["A", "B", "C", "D"])
        try tally.propose("A", add: "E")
        try tally.propose("B", remove: "C")
        let pending = try #require(tally.proposals["+E"])
        #expect(try tally.propose("C", add: "E").failure == .proposalPending(name: "e", proposalID: pending))
        try tally.approve("B", "+E")
        #expect(tally.passed(try tally.approve("C", "+E")))
        #expect(tally.members == ["A", "B", "C", "D", "E"])
        // q(5) = 4: B's removal of C now needs three more approvals.
        try tally.approve("A", "-C")
        try tally.approve("D", "-C")
        #expect(tally.passed(try tally.approve("E", "-C")))
        #expect(tally.members == ["A", "B", "D", "E"])
    }

    @Test("approvals from a removed member are dropped from every other proposal")
    func removedMembersApprovalsDropped() throws {
        var tally = try TallyHarness(["A", "B", "C", "D", "E"])
        try tally.propose("C", add: "F")
        try tally.approve("D", "+F")
        try tally.propose("A", remove: "C")
        try tally.approve("B", "-C")
        try tally.approve("D", "-C")
        #expect(tally.passed(try tally.approve("E", "-C")))
        let proposal = try #require(tally.pending("+F"))
        #expect(proposal.approvals == [try tally.key("D").publicKey.keyID], "C's approval went with C")
        // Members A, B, D, E: q(4) = 3, and only D's approval is left.
        #expect(!tally.passed(try tally.approve("A", "+F")))
        #expect(try tally.approve("C", "+F").failure == .authorNotValidator, "C is no longer a member")
        #expect(tally.passed(try tally.approve("B", "+F")))
        #expect(tally.members == ["A", "B", "D", "E", "F"])
    }

    @Test("no cascading: a removal that lowers q passes no other proposal until it is approved again")
    func noCascade() throws {
        var tally = try TallyHarness(["A", "B", "C", "D", "E"])
        try tally.propose("A", add: "F")
        try tally.approve("B", "+F")
        try tally.approve("C", "+F")  // 3 of q(5) = 4
        try tally.propose("A", remove: "E")
        try tally.approve("B", "-E")
        try tally.approve("C", "-E")
        #expect(tally.passed(try tally.approve("D", "-E")))
        // Four members now, q(4) = 3, and F's proposal holds three approvals, yet nothing else changed.
        #expect(tally.members == ["A", "B", "C", "D"] && tally.governance.epoch == 1)
        #expect(tally.passed(try tally.approve("D", "+F")), "the next approval passes it")
        #expect(tally.members == ["A", "B", "C", "D", "F"] && tally.governance.epoch == 2)
    }

    @Test("a member removed and added again starts with no approvals of its own")
    func reAddedMemberHasNoVotes() throws {
        var tally = try TallyHarness(["A", "B", "C"])
        try tally.propose("C", add: "D")
        try tally.propose("A", remove: "C")
        #expect(tally.passed(try tally.approve("B", "-C")))
        try tally.propose("A", add: "C")
        #expect(tally.passed(try tally.approve("B", "+C")))
        let proposal = try #require(tally.pending("+D"))
        #expect(proposal.approvals.isEmpty, "C's approval was dropped when C left, and stays dropped")
    }

    @Test("proposals expire after their lifetime; a pass prunes what has expired")
    func expiry() throws {
        var tally = try TallyHarness(["A", "B", "C", "D"], lifetime: 3)
        try tally.propose("A", add: "E")  // height 1, last approval at 4
        let id = try #require(tally.proposals["+E"])
        tally.nextBlock()
        tally.nextBlock()
        tally.nextBlock()  // height 4
        tally.signers = tally.governance.validators
        #expect(!tally.passed(try tally.approve("B", "+E", sameBlock: true)))
        #expect(try tally.approve("C", "+E").failure == .proposalExpired(proposalID: id, lastHeight: 4))
        #expect(tally.governance.pending(atHeight: 5).isEmpty)
        try tally.propose("A", add: "F")
        #expect(tally.governance.proposal(id: id) == nil, "pruned by the next governance transaction")
    }

    @Test("one change per epoch: a second change cannot pass in the block that passed the first")
    func oneChangePerBlock() throws {
        var tally = try TallyHarness(["A", "B", "C", "D", "E"])
        try tally.propose("A", remove: "E")
        try tally.approve("B", "-E")
        try tally.approve("C", "-E")
        try tally.propose("B", remove: "D")
        try tally.approve("A", "-D")
        try tally.approve("C", "-D")
        tally.begin()
        #expect(tally.passed(try tally.approve("D", "-E", sameBlock: true)))
        #expect(
            try tally.approve("D", "-D", sameBlock: true).failure == .changeAlreadyPassed(height: tally.height),
            "four approvals reach q of the new set, but not in this block")
        #expect(tally.members == ["A", "B", "C", "D"])
        #expect(tally.passed(try tally.approve("D", "-D")), "in the next block the same approval passes it")
        #expect(tally.members == ["A", "B", "C"])
    }

    @Test("a member removed earlier in the block still certifies it, but may not vote on the next set")
    func removedInBlock() throws {
        var tally = try TallyHarness(["A", "B", "C"])
        try tally.propose("A", remove: "C")
        try tally.propose("C", add: "D")
        tally.begin()
        #expect(tally.passed(try tally.approve("B", "-C", sameBlock: true)))
        #expect(try tally.approve("C", "+D", sameBlock: true).failure == .authorNotValidator)
    }

    @Test("outsiders cannot propose or approve; unknown proposals and members are named")
    func outsiders() throws {
        var tally = try TallyHarness(["A", "B", "C", "D"])
        #expect(try tally.propose("X", add: "E").failure == .authorNotValidator)
        try tally.propose("A", add: "E")
        #expect(try tally.approve("X", "+E").failure == .authorNotValidator)
        #expect(try tally.approve("B", "+Q").failure == .unknownProposal(SHA256.hash(Array("+Q".utf8))))
        #expect(try tally.propose("A", remove: "Z").failure == .unknownValidator("z"))
        #expect(try tally.propose("B", add: "A").failure == .validatorNameInUse("a"))
    }

    @Test("q is computed from the set: ⌈2n/3⌉, never 2f + 1 (celo-blockchain#253)")
    func quorumFromTheSet() throws {
        for (count, quorum) in [(1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (6, 4), (7, 5), (8, 6), (9, 6), (10, 7)] {
            let names = (0..<count).map { String(UnicodeScalar(UInt8(65 + $0))) }
            let tally = try TallyHarness(names)
            #expect(tally.governance.validators.quorum == quorum, "n = \(count)")
            // Two quorums always share more than f members, so two conflicting blocks cannot both be final.
            let overlap = 2 * quorum - count
            #expect(overlap > tally.governance.validators.faultTolerance, "n = \(count)")
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
