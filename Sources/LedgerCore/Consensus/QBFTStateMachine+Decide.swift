/// Proposals, votes and decisions: the QBFT spec's UponBlockTimeout, UponProposal, UponPrepare, UponCommit and
/// UponRoundChange, each written so it fires at most once for the same state.
extension QBFTStateMachine {
    /// UponBlockTimeout (round 0) and UponRoundChange (a proposer holding a quorum of round changes).
    mutating func tryPropose(_ actions: inout [ConsensusAction]) -> Bool {
        guard isValidator, isCaughtUp, let me = localKeyID else { return false }
        if round == 0, current.round.accepted == nil, validators.proposer(height: height, round: 0).keyID == me,
            current.log.proposals[0] == nil
        {
            guard let block = proposalCandidate(round: 0, &actions) else { return false }
            return propose(block, round: 0, roundChanges: [], prepares: [], &actions)
        }
        for candidateRound in current.log.roundChanges.keys.sorted(by: >) where candidateRound > 0 {
            let eligible = (current.round.accepted == nil && candidateRound == round) || candidateRound > round
            guard eligible, validators.proposer(height: height, round: candidateRound).keyID == me,
                current.log.proposals[candidateRound] == nil
            else { continue }
            let roundChanges = current.log.roundChanges(round: candidateRound)
            guard Set(roundChanges.map(\.vote.signer)).count >= quorum else { continue }
            let highest = roundChanges.filter { $0.vote.preparedRound != nil }.max {
                ($0.vote.preparedRound!, $1.vote.signer) < ($1.vote.preparedRound!, $0.vote.signer)
            }
            let block: ProposedBlock
            if let highest {
                block = highest.preparedBlock!
            } else {
                guard let fresh = proposalCandidate(round: candidateRound, &actions) else { continue }
                block = fresh
            }
            enterRound(candidateRound)
            return propose(
                block, round: candidateRound, roundChanges: roundChanges.map(\.vote),
                prepares: highest?.certificate ?? [], &actions)
        }
        return false
    }

    /// The mempool's candidate stamped for `round`, or a request for one.
    mutating func proposalCandidate(round: UInt32, _ actions: inout [ConsensusAction]) -> ProposedBlock? {
        guard let candidate = current.candidate else {
            // Round 0's proposer builds a block once its batch closes; a round change's proposer needs one now.
            if round > 0 { current.candidateNeeded = true }
            if !current.candidateRequested {
                current.candidateRequested = true
                actions.append(.requestCandidate(height: height))
            }
            return nil
        }
        return candidate.stamped(round: round, validators: validators)
    }

    mutating func propose(
        _ block: ProposedBlock, round: UInt32, roundChanges: [ConsensusVote], prepares: [ConsensusVote],
        _ actions: inout [ConsensusAction]
    ) -> Bool {
        guard let vote = sign(kind: .proposal, round: round, digest: block.digest) else { return false }
        let message = ConsensusMessage.proposal(
            vote: vote, block: block, roundChanges: roundChanges, prepares: prepares)
        _ = current.log.add(ProposalEntry(vote: vote, block: block, roundChanges: roundChanges, prepares: prepares))
        current.round.ownMessages.append(message)
        emit(.broadcast(message), &actions)
        return true
    }

    /// UponProposal: accept a justified proposal for the current round (or a later one once this round's is
    /// accepted), move to its round, and PREPARE.
    mutating func tryAcceptProposal(_ actions: inout [ConsensusAction]) -> Bool {
        guard isValidator else { return false }
        // The spec accepts a later round's proposal only once this round's is accepted; a justified proposal for
        // a later round already proves a quorum moved there, so it is accepted either way (docs/CONSENSUS.md).
        let rounds = current.log.proposals.keys.filter { ($0 == round && current.round.accepted == nil) || $0 > round }
        for proposalRound in rounds.sorted(by: >) where !current.rejectedProposals.contains(proposalRound) {
            let entry = current.log.proposals[proposalRound]!
            switch justification(entry, &actions) {
            case .justified: break
            case .awaitingValidation: continue
            case .unjustified:
                current.rejectedProposals.insert(proposalRound)
                actions.append(.peerFault(peer: entry.vote.signer, .unjustifiedProposal(round: proposalRound)))
                continue
            }
            guard let prepare = sign(kind: .prepare, round: proposalRound, digest: entry.block.digest) else {
                current.rejectedProposals.insert(proposalRound)
                continue
            }
            enterRound(proposalRound)
            current.round.accepted = entry
            _ = current.log.addPrepare(prepare)
            current.round.ownMessages.append(.prepare(prepare))
            emit(.broadcast(.prepare(prepare)), &actions)
            return true
        }
        return false
    }

    /// Whether a proposal may be accepted: justified, not, or not known until the shell has validated its block.
    enum Justification {
        case justified, unjustified, awaitingValidation
    }

    /// QBFT spec isProposalJustification, with this chain's header checks, then the shell's validation of the
    /// block (asked for once, with a `.validate` action, and answered with `.validated`).
    mutating func justification(_ entry: ProposalEntry, _ actions: inout [ConsensusAction]) -> Justification {
        guard isStructurallyJustified(entry) else { return .unjustified }
        let digest = entry.block.digest
        if let valid = current.validity[digest] { return valid ? .justified : .unjustified }
        if current.validationsRequested.insert(digest).inserted { actions.append(.validate(entry.block)) }
        return .awaitingValidation
    }

    /// QBFT spec isProposalJustification, with this chain's header checks. A fresh block carries the proposal's
    /// round and proposer; a re-proposed prepared block is the prepared block itself, header unchanged. The
    /// block's own validity (its transactions against the registry) is the shell's `.validate`.
    func isStructurallyJustified(_ entry: ProposalEntry) -> Bool {
        let block = entry.block
        let proposalRound = entry.vote.round
        guard block.header.height == height, block.header.previousHash == tip.headerHash,
            block.header.round <= proposalRound,
            block.header.chainID == genesis.chainID
        else { return false }
        let isFresh =
            block.header.round == proposalRound
            && block.header.proposer == validators.proposer(height: height, round: proposalRound).keyID
        guard proposalRound > 0 else { return isFresh }
        var signers: Set<KeyID> = []
        for roundChange in entry.roundChanges {
            guard roundChange.kind == .roundChange, roundChange.height == height, roundChange.round == proposalRound,
                validators.validator(keyID: roundChange.signer) != nil,
                roundChange.isAuthentic(genesis: genesis, validators: validators, crypto: crypto)
            else { return false }
            signers.insert(roundChange.signer)
        }
        guard signers.count >= quorum else { return false }
        let prepared = entry.roundChanges.filter { $0.preparedRound != nil }
        guard let highest = prepared.max(by: { $0.preparedRound! < $1.preparedRound! }) else { return isFresh }
        // Re-proposal: the block must be the highest prepared value, and the prepares must prove it was prepared
        // in that round (QBFT spec isHighestPrepared; besu#6613 is a mismatch here).
        let preparedRound = highest.preparedRound!
        return block.digest == highest.digest && block.header.round <= preparedRound
            && isPrepareQuorum(entry.prepares, round: preparedRound, digest: block.digest)
    }

    /// UponPrepare: a quorum of PREPAREs for the accepted block locks it and sends COMMIT (once per round).
    mutating func tryCommitVote(_ actions: inout [ConsensusAction]) -> Bool {
        guard let accepted = current.round.accepted, accepted.vote.round == round, isValidator else { return false }
        guard current.persisted.signatures[SigningSlot(height: height, round: round, kind: .commit)] == nil else {
            return false
        }
        let prepares = current.log.prepares(round: round, digest: accepted.block.digest)
        guard prepares.count >= quorum else { return false }
        let certificate = Array(prepares.prefix(quorum))
        current.lock = PreparedValue(round: round, block: accepted.block, certificate: certificate)
        current.persisted.lock = PreparedLock(
            round: round, proposal: accepted.block.encoded, certificate: PrepareCertificateCoding.encode(certificate))
        persistPending = true
        let header = accepted.block.header
        let head = LedgerHead(size: header.ledgerSize, root: header.ledgerRoot)
        guard let commit = sign(kind: .commit, round: round, digest: accepted.block.digest, ledgerHead: head) else {
            return false
        }
        _ = current.log.addCommit(commit)
        current.round.ownMessages.append(.commit(commit))
        emit(.broadcast(.commit(commit)), &actions)
        return true
    }

    /// UponCommit: a quorum of COMMITs for a block proposed at this height makes it final. Unlike the spec,
    /// any round's quorum counts, not only the current round's: q seals are exactly what finality means here.
    mutating func tryFinalize(_ actions: inout [ConsensusAction]) -> Bool {
        for (proposalRound, entry) in current.log.proposals.sorted(by: { $0.key > $1.key }) {
            // A COMMIT whose ledger head differs from the header's signed another checkpoint: its seal would not
            // verify in the certificate, so it does not count (only a faulty validator sends one).
            let header = entry.block.header
            let head = LedgerHead(size: header.ledgerSize, root: header.ledgerRoot)
            let commits = current.log.commits(round: proposalRound, digest: entry.block.digest).filter {
                $0.ledgerHead == head
            }
            guard commits.count >= quorum else { continue }
            if current.round.accepted?.vote.round != proposalRound, justification(entry, &actions) != .justified {
                continue
            }
            let seals = commits.map { CommitSeal(validatorKeyID: $0.signer, signature: $0.signature) }
            let block = Block(
                header: entry.block.header, transactions: entry.block.transactions,
                certificate: CommitCertificate(round: proposalRound, seals: seals))
            finalize(block, broadcast: true, &actions)
            return true
        }
        return false
    }

    /// UponRoundChange, second case: f+1 validators asking for higher rounds make us join the lowest round at
    /// which at least one honest validator is (the (f+1)-th highest requested round).
    mutating func tryRoundChangeJump(_ actions: inout [ConsensusAction]) -> Bool {
        guard isValidator, isCaughtUp else { return false }
        let requested = current.log.highestFutureRounds(above: round).values.sorted(by: >)
        let faulty = validators.faultTolerance
        guard requested.count > faulty else { return false }
        moveToRound(requested[faulty], &actions)
        return true
    }

    /// Records a final block and moves to the next height.
    mutating func finalize(_ block: Block, broadcast: Bool, _ actions: inout [ConsensusAction]) {
        emit(.commit(block), &actions)
        if broadcast { emit(.broadcast(.finalBlock(block)), &actions) }
        tip = tip.appending(block)
        current = HeightState(height: height, tick: currentTick, candidateRequested: isValidator)
        futureHeights = futureHeights.filter { $0.value > height }
        if let target = catchUpTarget, height >= target {
            catchUpTarget = nil
            catchUpPeer = nil
        }
        if isValidator { actions.append(.requestCandidate(height: height)) }
        // Messages kept for this height are replayed by `handle`, one at a time (no recursion on catch-up).
        let pending = futureMessages.filter { $0.height >= height }
        replayQueue.append(contentsOf: pending.filter { $0.height == height })
        futureMessages = pending.filter { $0.height > height }
    }
}
