import LedgerCore
import Testing

/// One test per QBFT rule, named after the EEA QBFT spec's predicate it follows (dafny/spec/L1/node.dfy and
/// node_auxiliary_functions.dfy), with its negative case.
@Suite("QBFT spec rules")
struct QBFTSpecTests {
    @Test("UponBlockTimeout: the round-0 proposer with a candidate proposes and prepares; others do not propose")
    func uponBlockTimeout() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let actions = harness.handle(.candidate(harness.block(round: 0)), at: proposer)
        let sent = ConsensusHarness.broadcasts(actions)
        guard case .proposal(let vote, let block, let roundChanges, _) = sent.first else {
            Issue.record("no proposal: \(actions)")
            return
        }
        #expect(vote.round == 0 && block.header.proposer == harness.keyID(proposer) && roundChanges.isEmpty)
        #expect(sent.contains { if case .prepare = $0 { true } else { false } })
        let other = (proposer + 1) % 4
        #expect(
            ConsensusHarness.broadcasts(harness.handle(.candidate(harness.block(round: 0)), at: other)).isEmpty)
    }

    @Test("isValidProposal: only the round's proposer, with a valid signature, for this height")
    func isValidProposal() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let impostor = (proposer + 1) % 4
        let block = harness.block(round: 0)
        let receiver = (proposer + 2) % 4
        let forged = harness.vote(impostor, .proposal, round: 0, digest: block.digest)
        let wrong = harness.deliver(.proposal(vote: forged, block: block, roundChanges: [], prepares: []), to: receiver)
        #expect(
            ConsensusHarness.faults(wrong) == [.wrongProposer(round: 0)] && ConsensusHarness.broadcasts(wrong).isEmpty)
        var tampered = harness.vote(proposer, .proposal, round: 0, digest: block.digest)
        tampered = ConsensusVote(
            kind: .proposal, height: 1, round: 0, digest: block.digest, preparedRound: nil, signer: tampered.signer,
            signature: Array(tampered.signature.reversed()))
        #expect(
            ConsensusHarness.faults(
                harness.deliver(.proposal(vote: tampered, block: block, roundChanges: [], prepares: []), to: receiver)
            ) == [.badSignature(kind: .proposal)])
        let genuine = harness.vote(proposer, .proposal, round: 0, digest: block.digest)
        let accepted = harness.deliver(
            .proposal(vote: genuine, block: block, roundChanges: [], prepares: []), to: receiver)
        #expect(
            ConsensusHarness.broadcasts(accepted).contains {
                if case .prepare(let vote) = $0 { vote.digest == block.digest } else { false }
            })
    }

    @Test("UponProposal: PREPARE for the accepted block, persisted before it is sent")
    func uponProposalPersistsBeforeSending() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let block = harness.block(round: 0)
        let receiver = (proposer + 1) % 4
        let actions = harness.deliver(
            .proposal(
                vote: harness.vote(proposer, .proposal, round: 0, digest: block.digest), block: block, roundChanges: [],
                prepares: []),
            to: receiver)
        guard case .persist(let state)? = actions.first,
            case .broadcast(.prepare(let prepare))? = actions.dropFirst().first
        else {
            Issue.record("expected persist then prepare, got \(actions)")
            return
        }
        #expect(state.signatures[SigningSlot(height: 1, round: 0, kind: .prepare)]?.signature == prepare.signature)
    }

    @Test("UponPrepare: a quorum of PREPAREs locks the block (persisted) and sends COMMIT; fewer do nothing")
    func uponPrepare() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let block = harness.block(round: 0)
        let receiver = (proposer + 1) % 4
        harness.deliver(
            .proposal(
                vote: harness.vote(proposer, .proposal, round: 0, digest: block.digest), block: block, roundChanges: [],
                prepares: []), to: receiver)
        let one = harness.deliver(
            .prepare(harness.vote(proposer, .prepare, round: 0, digest: block.digest)), to: receiver)
        #expect(ConsensusHarness.broadcasts(one).isEmpty, "two prepares (with its own) are below the quorum of 3")
        let other = (proposer + 2) % 4
        let quorum = harness.deliver(
            .prepare(harness.vote(other, .prepare, round: 0, digest: block.digest)), to: receiver)
        guard case .persist(let state)? = quorum.first, case .broadcast(.commit(let commit))? = quorum.last else {
            Issue.record("expected persist then commit, got \(quorum)")
            return
        }
        #expect(state.lock?.round == 0)
        #expect(commit.signature.count > 0 && commit.digest == block.digest)
        // A COMMIT's signature is the block's commit seal.
        #expect(
            harness.keys[receiver].publicKey.verify(
                signature: commit.signature,
                message: block.header.commitMessage(chainName: harness.genesis.chainName, round: 0))
                == .valid)
    }

    @Test("UponCommit: a quorum of COMMITs stores the block with q seals, then announces it, then moves height")
    func uponCommit() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let block = harness.block(round: 0)
        let receiver = (proposer + 1) % 4
        harness.deliver(
            .proposal(
                vote: harness.vote(proposer, .proposal, round: 0, digest: block.digest), block: block, roundChanges: [],
                prepares: []), to: receiver)
        for index in 0..<4 where index != receiver {
            harness.deliver(.prepare(harness.vote(index, .prepare, round: 0, digest: block.digest)), to: receiver)
        }
        var actions: [ConsensusAction] = []
        for index in 0..<4 where index != receiver && actions.isEmpty == true {
            actions = harness.deliver(
                .commit(harness.vote(index, .commit, round: 0, digest: block.digest)), to: receiver)
            if ConsensusHarness.commits(actions).isEmpty { actions = [] }
        }
        let final = try #require(ConsensusHarness.commits(actions).first)
        #expect(final.header == block.header && final.certificate.round == 0)
        try final.certificate.verify(
            header: final.header, chainName: harness.genesis.chainName, validators: harness.genesis.validatorSet)
        let commitIndex = actions.firstIndex { if case .commit = $0 { true } else { false } }!
        let announceIndex = actions.firstIndex { if case .broadcast(.finalBlock) = $0 { true } else { false } }!
        #expect(commitIndex < announceIndex)
        #expect(harness.machines[receiver].height == 2 && harness.machines[receiver].round == 0)
    }

    @Test("roundTimeout: round r lasts base × 2^r ticks, capped")
    func roundTimeoutDoubles() throws {
        let configuration = ConsensusConfiguration(
            genesis: try ConsensusHarness().genesis, roundTimeoutBaseTicks: 4, roundTimeoutCapTicks: 64,
            retransmitIntervalTicks: 8)
        #expect((0...6).map { configuration.roundTimeout(round: $0) } == [4, 8, 16, 32, 64, 64, 64])
        #expect(configuration.roundTimeout(round: 1_000) == 64)
    }

    @Test("UponRoundTimeout: the timer moves to round 1 with a persisted ROUND-CHANGE; no timer without demand")
    func uponRoundTimeout() throws {
        let harness = try ConsensusHarness()
        let node = (harness.proposer(height: 1, round: 0) + 1) % 4
        #expect(harness.tick(node, 20).isEmpty, "nothing to decide: the timer does not run")
        _ = harness.handle(.candidate(harness.block(round: 0)), at: node)
        let actions = harness.tick(node, 4)
        guard case .persist(let state)? = actions.first,
            case .broadcast(.roundChange(let vote, nil, []))? = actions.last
        else {
            Issue.record("expected persist then round change, got \(actions)")
            return
        }
        #expect(vote.round == 1 && state.round == 1 && harness.machines[node].round == 1)
    }

    @Test("UponRoundChange (quorum): the round's proposer re-proposes the highest prepared block with its prepares")
    func uponRoundChangeQuorumReproposes() throws {
        let harness = try ConsensusHarness()
        let prepared = harness.block(round: 0)
        let prepares = (0..<3).map { harness.vote($0, .prepare, round: 0, digest: prepared.digest) }
        let proposer = harness.proposer(height: 1, round: 1)
        var actions: [ConsensusAction] = []
        for index in 0..<4 where index != proposer {
            let locked = index == (proposer + 1) % 4
            let vote = harness.vote(
                index, .roundChange, round: 1, digest: locked ? prepared.digest : nil, preparedRound: locked ? 0 : nil)
            actions += harness.deliver(
                .roundChange(
                    vote: vote, preparedBlock: locked ? prepared : nil, preparedCertificate: locked ? prepares : []),
                to: proposer)
        }
        let proposal = ConsensusHarness.broadcasts(actions).first { if case .proposal = $0 { true } else { false } }
        guard case .proposal(let vote, let block, let roundChanges, let carried)? = proposal else {
            Issue.record("no re-proposal: \(actions)")
            return
        }
        #expect(vote.round == 1 && block == prepared, "a prepared block is re-proposed unchanged")
        #expect(roundChanges.count >= 3 && carried.count == 3)
    }

    @Test("UponRoundChange (f+1): f+1 validators in higher rounds pull a node to the (f+1)-th highest of them")
    func uponRoundChangeFPlusOne() throws {
        let harness = try ConsensusHarness()
        let node = 0
        let first = harness.deliver(
            .roundChange(
                vote: harness.vote(1, .roundChange, round: 5, digest: nil), preparedBlock: nil, preparedCertificate: []),
            to: node)
        #expect(
            ConsensusHarness.broadcasts(first).isEmpty && harness.machines[node].round == 0, "one (f) is not enough")
        let second = harness.deliver(
            .roundChange(
                vote: harness.vote(2, .roundChange, round: 3, digest: nil), preparedBlock: nil, preparedCertificate: []),
            to: node)
        #expect(harness.machines[node].round == 3)
        #expect(
            ConsensusHarness.broadcasts(second).contains {
                if case .roundChange(let vote, _, _) = $0 { vote.round == 3 } else { false }
            })
    }

    @Test("isProposalJustification: a round-1 proposal needs a quorum of round changes")
    func justificationNeedsQuorum() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 1)
        let block = harness.block(round: 1)
        let receiver = (proposer + 1) % 4
        harness.deliver(
            .roundChange(
                vote: harness.vote(receiver, .roundChange, round: 1, digest: nil), preparedBlock: nil,
                preparedCertificate: []), to: receiver)
        let twoChanges = [proposer, (proposer + 2) % 4].map { harness.vote($0, .roundChange, round: 1, digest: nil) }
        let actions = harness.deliver(
            .proposal(
                vote: harness.vote(proposer, .proposal, round: 1, digest: block.digest), block: block,
                roundChanges: twoChanges, prepares: []),
            to: receiver)
        #expect(ConsensusHarness.faults(actions) == [.unjustifiedProposal(round: 1)])
        #expect(!ConsensusHarness.broadcasts(actions).contains { if case .prepare = $0 { true } else { false } })
    }

    @Test("validRoundChange: a claimed prepared block needs its block and a quorum of prepares (besu#6613)")
    func validRoundChangeNeedsProof() throws {
        let harness = try ConsensusHarness()
        let prepared = harness.block(round: 0)
        let other = harness.block(round: 0, offset: 2_000)
        let prepares = (0..<3).map { harness.vote($0, .prepare, round: 0, digest: prepared.digest) }
        let claim = harness.vote(1, .roundChange, round: 1, digest: prepared.digest, preparedRound: 0)
        #expect(
            ConsensusHarness.faults(
                harness.deliver(.roundChange(vote: claim, preparedBlock: other, preparedCertificate: prepares), to: 0)
            ) == [.unprovenRoundChange(round: 1)])
        #expect(
            ConsensusHarness.faults(
                harness.deliver(
                    .roundChange(vote: claim, preparedBlock: prepared, preparedCertificate: Array(prepares.prefix(2))),
                    to: 0)
            ) == [.unprovenRoundChange(round: 1)])
        #expect(
            ConsensusHarness.faults(
                harness.deliver(
                    .roundChange(vote: claim, preparedBlock: prepared, preparedCertificate: prepares), to: 0)
            ).isEmpty)
    }

    @Test("isHighestPrepared: re-proposing anything but the highest prepared block is rejected (besu#6613)")
    func reproposalMustMatchHighestPrepared() throws {
        let harness = try ConsensusHarness()
        let prepared = harness.block(round: 0)
        let substitute = harness.block(round: 1, offset: 5_000)
        let prepares = (0..<3).map { harness.vote($0, .prepare, round: 0, digest: prepared.digest) }
        let proposer = harness.proposer(height: 1, round: 1)
        let receiver = (proposer + 1) % 4
        harness.deliver(
            .roundChange(
                vote: harness.vote(receiver, .roundChange, round: 1, digest: nil), preparedBlock: nil,
                preparedCertificate: []), to: receiver)
        let changes = (0..<4).filter { $0 != receiver }.prefix(3).enumerated().map { offset, index in
            offset == 0
                ? harness.vote(index, .roundChange, round: 1, digest: prepared.digest, preparedRound: 0)
                : harness.vote(index, .roundChange, round: 1, digest: nil)
        }
        let mismatched = harness.deliver(
            .proposal(
                vote: harness.vote(proposer, .proposal, round: 1, digest: substitute.digest), block: substitute,
                roundChanges: changes, prepares: prepares),
            to: receiver)
        #expect(
            ConsensusHarness.faults(mismatched) == [.unjustifiedProposal(round: 1)],
            "a fresh block while a prepared one exists is refused")
        #expect(!ConsensusHarness.broadcasts(mismatched).contains { if case .prepare = $0 { true } else { false } })
    }

    @Test("signing guard: the same (height, round, kind) returns the stored signature; a different message is refused")
    func resigningReturnsStoredSignature() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let block = harness.block(round: 0)
        let node = (proposer + 1) % 4
        let proposal = ConsensusMessage.proposal(
            vote: harness.vote(proposer, .proposal, round: 0, digest: block.digest), block: block, roundChanges: [],
            prepares: [])
        let first = harness.deliver(proposal, to: node)
        guard case .persist(let state)? = first.first, case .broadcast(.prepare(let prepare))? = first.last else {
            Issue.record("no prepare")
            return
        }
        // Restart from the persisted state, and see the same proposal again: the same signature bytes come back.
        harness.machines[node] = try harness.restarted(node, tip: ChainTip.genesis(harness.genesis), state: state)
        let again = harness.deliver(proposal, to: node)
        #expect(
            ConsensusHarness.broadcasts(again).contains {
                if case .prepare(let vote) = $0 { vote.signature == prepare.signature } else { false }
            })
        #expect(!again.contains { if case .persist = $0 { true } else { false } }, "nothing new to persist")
        let slot = SigningSlot(height: 1, round: 0, kind: .prepare)
        #expect(state.lookup(slot, messageDigest: SHA256.hash([1])) == .conflict)
    }

    @Test("UponNewBlock: a final block with a valid certificate is adopted; a bad certificate is refused")
    func uponNewBlock() throws {
        let harness = try ConsensusHarness()
        let block = harness.block(round: 0)
        let seals = try (0..<2).map {
            try BlockBuilder.seal(block.header, genesis: harness.genesis, with: harness.keys[$0])
        }
        let weak = Block(header: block.header, transactions: [], certificate: CommitCertificate(round: 0, seals: seals))
        #expect(
            ConsensusHarness.faults(harness.deliver(.finalBlock(weak), to: 3)) == [
                .finalBlockWithoutCertificate(height: 1)
            ])
        let strong = Block(
            header: block.header, transactions: [],
            certificate: CommitCertificate(
                round: 0,
                seals: try (0..<3).map {
                    try BlockBuilder.seal(block.header, genesis: harness.genesis, with: harness.keys[$0])
                }))
        let actions = harness.deliver(.finalBlock(strong), to: 3)
        #expect(ConsensusHarness.commits(actions) == [strong])
        #expect(harness.machines[3].height == 2)
    }

    @Test("catch-up: f+1 validators at a higher height stop the timer and request blocks until caught up")
    func catchUpBeforeTimer() throws {
        let harness = try ConsensusHarness()
        let node = 3
        _ = harness.handle(.candidate(harness.block(round: 0)), at: node)
        for index in 0..<2 {
            harness.deliver(
                .prepare(harness.vote(index, .prepare, height: 5, round: 0, digest: SHA256.hash([5]))), to: node,
                from: index)
        }
        #expect(!harness.machines[node].isCaughtUp)
        let ticks = harness.tick(node, 40)
        #expect(
            !ticks.contains { if case .broadcast(.roundChange) = $0 { true } else { false } },
            "no round timer while behind")
        #expect(ticks.contains { if case .requestBlocks(1, _) = $0 { true } else { false } })
    }

    @Test("a persisted lock that does not decode is a typed start error, never silently dropped")
    func undecodableLockRefusesToStart() throws {
        let harness = try ConsensusHarness()
        var state = ConsensusState(height: 1)
        state.round = 2
        state.lock = PreparedLock(round: 1, proposal: [0xde, 0xad, 0xbe, 0xef], certificate: [])
        #expect(throws: ConsensusRecoveryError.self) {
            _ = try harness.restarted(0, tip: ChainTip.genesis(harness.genesis), state: state)
        }
        state.lock = PreparedLock(round: 1, proposal: [], certificate: [0xff, 0x00])
        #expect(throws: ConsensusRecoveryError.self) {
            _ = try harness.restarted(0, tip: ChainTip.genesis(harness.genesis), state: state)
        }
        // A state for another height is not resumed at all (it belongs to a height already decided).
        var stale = ConsensusState(height: 7)
        stale.lock = PreparedLock(round: 1, proposal: [1, 2, 3], certificate: [])
        let fresh = try harness.restarted(0, tip: ChainTip.genesis(harness.genesis), state: stale)
        #expect(fresh.round == 0 && fresh.lockedRound == nil)
    }

    @Test("validation is an action and an input: one .validate per block, a refusal is a peer fault, no answer waits")
    func validationIsAnActionAndAnInput() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let receiver = (proposer + 1) % 4
        let block = harness.block(round: 0)
        let proposal = ConsensusMessage.proposal(
            vote: harness.vote(proposer, .proposal, round: 0, digest: block.digest), block: block, roundChanges: [],
            prepares: [])
        // Driven by hand, with no shell answering: the machine asks once, and neither prepares nor refuses.
        let asked = harness.machines[receiver].handle(.message(proposal, from: harness.keyID(proposer)))
        #expect(asked == [.validate(block)])
        #expect(harness.machines[receiver].handle(.message(proposal, from: harness.keyID(proposer))).isEmpty)
        #expect(harness.machines[receiver].handle(.tick).allSatisfy { if case .validate = $0 { false } else { true } })
        // An answer about a block it never asked about changes nothing.
        #expect(harness.machines[receiver].handle(.validated(blockHash: SHA256.hash([9]), valid: true)).isEmpty)
        // The shell's refusal: the proposal is refused as unjustified and nothing is signed.
        let refused = harness.machines[receiver].handle(.validated(blockHash: block.digest, valid: false))
        #expect(ConsensusHarness.faults(refused) == [.unjustifiedProposal(round: 0)])
        #expect(ConsensusHarness.broadcasts(refused).isEmpty)
        // Another validator, told the block is valid, prepares it.
        let other = (proposer + 2) % 4
        _ = harness.machines[other].handle(.message(proposal, from: harness.keyID(proposer)))
        let accepted = harness.machines[other].handle(.validated(blockHash: block.digest, valid: true))
        #expect(ConsensusHarness.broadcasts(accepted).contains { if case .prepare = $0 { true } else { false } })
    }

    @Test("a proposal for the next height that arrived early is validated after the commit that precedes it")
    func earlyProposalIsValidatedAfterTheCommit() throws {
        let harness = try ConsensusHarness()
        let proposer = harness.proposer(height: 1, round: 0)
        let receiver = (proposer + 1) % 4
        let block = harness.block(round: 0)
        let seals = try (0..<3).map {
            try BlockBuilder.seal(block.header, genesis: harness.genesis, with: harness.keys[$0])
        }
        let final = Block(
            header: block.header, transactions: [], certificate: CommitCertificate(round: 0, seals: seals))
        // The proposal for height 2, on top of block 1, arrives first and waits.
        let parent = ChainTip.genesis(harness.genesis).appending(final)
        let nextProposer = harness.proposer(height: 2, round: 0)
        let next = ProposedBlock(
            header: BlockBuilder.header(
                parent: parent, genesis: harness.genesis, transactions: [],
                statusRoot: StatusMap(chainID: harness.genesis.chainID).root,
                timestampMilliseconds: block.header.timestampMilliseconds + 1_000, round: 0),
            transactions: [])
        let early = harness.machines[receiver].handle(
            .message(
                .proposal(
                    vote: harness.vote(nextProposer, .proposal, height: 2, round: 0, digest: next.digest), block: next,
                    roundChanges: [], prepares: []), from: harness.keyID(nextProposer)))
        #expect(early.allSatisfy { if case .validate = $0 { false } else { true } }, "nothing to validate yet")
        // Block 1 becomes final: the commit comes first, then the request to validate block 2.
        let actions = harness.machines[receiver].handle(.message(.finalBlock(final), from: harness.keyID(0)))
        let commit = try #require(actions.firstIndex { if case .commit = $0 { true } else { false } })
        let validate = try #require(actions.firstIndex(of: .validate(next)))
        #expect(commit < validate)
    }

    @Test("a validator that locked in round 1 after its ROUND-CHANGE, then restarted, still moves to round 2")
    func restartAfterLockingInALaterRoundMovesOn() throws {
        // Regression for the driver simulator's seed 16, n = 1: the ROUND-CHANGE for round 1 was signed before
        // the lock, so after a restart it cannot be signed again (a different message in a used slot), and the
        // validator used to stay in round 1 forever, sending nothing.
        let harness = try ConsensusHarness()
        let roundOneProposer = harness.proposer(height: 1, round: 1)
        let node = (roundOneProposer + 1) % 4
        _ = harness.handle(.candidate(harness.block(round: 0)), at: node)
        _ = harness.tick(node, 4)  // round 0 times out: ROUND-CHANGE for round 1, no lock
        #expect(harness.machines[node].round == 1)
        let block = harness.block(round: 1, offset: 2_000)
        let changes = (0..<3).map { harness.vote(($0 + roundOneProposer) % 4, .roundChange, round: 1, digest: nil) }
        harness.deliver(
            .proposal(
                vote: harness.vote(roundOneProposer, .proposal, round: 1, digest: block.digest), block: block,
                roundChanges: changes, prepares: []), to: node)
        for index in 0..<4 where index != node {
            harness.deliver(.prepare(harness.vote(index, .prepare, round: 1, digest: block.digest)), to: node)
        }
        #expect(harness.machines[node].lockedRound == 1, "it prepared and locked in round 1")
        let state = harness.machines[node].persisted
        harness.machines[node] = try harness.restarted(node, tip: ChainTip.genesis(harness.genesis), state: state)
        _ = harness.handle(.candidate(harness.block(round: 0, offset: 3_000)), at: node)
        let actions = harness.tick(node, 64)
        #expect(harness.machines[node].round >= 2, "still in round \(harness.machines[node].round)")
        #expect(
            ConsensusHarness.broadcasts(actions).contains {
                if case .roundChange(let vote, let prepared, _) = $0 {
                    vote.round == 2 && prepared == block
                } else {
                    false
                }
            }, "a ROUND-CHANGE for round 2 reports the lock")
    }
}
