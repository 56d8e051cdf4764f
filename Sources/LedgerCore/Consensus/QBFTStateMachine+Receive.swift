/// Receiving messages: authenticity first, then by height (old, current, future), then into the log.
extension QBFTStateMachine {
    mutating func receive(_ message: ConsensusMessage, from peer: KeyID?, _ actions: inout [ConsensusAction]) {
        if case .finalBlock(let block) = message {
            receiveFinalBlock(block, from: peer, &actions)
            return
        }
        let vote = message.vote!
        if vote.height > height, !validators.contains(vote.signer) {
            // Possibly a member of a later set (one that joins when a block still ahead of us passes the change):
            // kept, unauthenticated and counting toward nothing, until that height's set can judge it on replay.
            if futureMessages.count < Limits.futureConsensusMessagesMax { futureMessages.append(message) }
            return
        }
        guard validators.validator(keyID: vote.signer) != nil else {
            actions.append(.peerFault(peer: peer, .notAValidator(signer: vote.signer)))
            return
        }
        guard vote.isAuthentic(genesis: genesis, validators: validators, crypto: crypto) else {
            actions.append(.peerFault(peer: peer ?? vote.signer, .badSignature(kind: vote.kind)))
            return
        }
        if vote.height < height {
            // The sender is behind: its shell should send it the final blocks it lacks. Repeated at most once per
            // retransmit interval, because a block sent once can be lost (found by the simulator, seed 112, n=10).
            let last = current.peersReportedBehind[vote.signer]
            if last == nil || currentTick - last! >= configuration.retransmitIntervalTicks {
                current.peersReportedBehind[vote.signer] = currentTick
                actions.append(.peerBehind(peer: vote.signer, height: vote.height))
            }
            return
        }
        if vote.height > height {
            bufferFuture(message, signer: vote.signer, &actions)
            return
        }
        let (farthest, overflow) = round.addingReportingOverflow(Limits.roundJumpMax)
        guard overflow || vote.round <= farthest else { return }
        noteDemand()
        switch message {
        case .proposal(let vote, let block, let roundChanges, let prepares):
            guard vote.signer == validators.proposer(height: height, round: vote.round).keyID,
                block.digest == vote.digest
            else {
                actions.append(.peerFault(peer: vote.signer, .wrongProposer(round: vote.round)))
                return
            }
            _ = current.log.add(ProposalEntry(vote: vote, block: block, roundChanges: roundChanges, prepares: prepares))
        case .prepare(let vote):
            _ = current.log.addPrepare(vote)
        case .commit(let vote):
            _ = current.log.addCommit(vote)
        case .roundChange(let vote, let block, let certificate):
            guard isValidRoundChange(vote: vote, block: block, certificate: certificate) else {
                actions.append(.peerFault(peer: vote.signer, .unprovenRoundChange(round: vote.round)))
                return
            }
            _ = current.log.add(RoundChangeEntry(vote: vote, preparedBlock: block, certificate: certificate))
        case .finalBlock:
            preconditionFailure("handled above")
        }
    }

    /// A ROUND-CHANGE reporting a prepared block must carry that block (at its prepared round) and a quorum of
    /// prepares for it (QBFT spec validRoundChange, and the RoundChange justification).
    func isValidRoundChange(vote: ConsensusVote, block: ProposedBlock?, certificate: [ConsensusVote]) -> Bool {
        guard let preparedRound = vote.preparedRound, let digest = vote.digest else {
            return block == nil && certificate.isEmpty
        }
        guard let block, block.digest == digest, block.header.round <= preparedRound, block.header.height == height
        else {
            return false
        }
        return isPrepareQuorum(certificate, round: preparedRound, digest: digest)
    }

    /// At least q authentic PREPAREs for (height, round, digest) from distinct validators.
    func isPrepareQuorum(_ prepares: [ConsensusVote], round: UInt32, digest: SHA256Digest) -> Bool {
        var signers: Set<KeyID> = []
        for prepare in prepares {
            guard prepare.kind == .prepare, prepare.height == height, prepare.round == round, prepare.digest == digest,
                validators.validator(keyID: prepare.signer) != nil,
                prepare.isAuthentic(genesis: genesis, validators: validators, crypto: crypto)
            else { return false }
            signers.insert(prepare.signer)
        }
        return signers.count >= quorum
    }

    /// Keeps messages for later heights (bounded) and treats f+1 validators ahead of us as proof we are behind.
    mutating func bufferFuture(_ message: ConsensusMessage, signer: KeyID, _ actions: inout [ConsensusAction]) {
        if futureMessages.count < Limits.futureConsensusMessagesMax { futureMessages.append(message) }
        futureHeights[signer] = max(futureHeights[signer] ?? 0, message.height)
        let ahead = futureHeights.values.filter { $0 > height }.sorted(by: >)
        let faulty = validators.faultTolerance
        if ahead.count > faulty {
            // At least one honest validator is at this height or beyond, so every height below it is decided.
            let target = ahead[faulty]
            let peer = futureHeights.filter { $0.value >= target }.keys.min()!
            startCatchUp(target: target, peer: peer, &actions)
        }
    }

    mutating func startCatchUp(target: UInt64, peer: KeyID, _ actions: inout [ConsensusAction]) {
        guard target > height else { return }
        let previous = catchUpTarget
        catchUpTarget = max(catchUpTarget ?? 0, target)
        catchUpPeer = peer
        if previous == nil || currentTick - lastCatchUpRequestTick >= configuration.retransmitIntervalTicks {
            lastCatchUpRequestTick = currentTick
            actions.append(.requestBlocks(fromHeight: height, peer: peer))
        }
    }

    /// A final block from gossip or catch-up: adopted when it is the next block and its certificate holds.
    mutating func receiveFinalBlock(_ block: Block, from peer: KeyID?, _ actions: inout [ConsensusAction]) {
        guard block.header.height >= height else { return }
        let valid =
            block.header.height == height ? isValidCertificate(block) : isCertifiedByOurSet(block)
        guard valid else {
            actions.append(.peerFault(peer: peer, .finalBlockWithoutCertificate(height: block.header.height)))
            return
        }
        if block.header.height > height {
            // Decided beyond our next height: we are behind. Keep it for when the gap is filled.
            if futureMessages.count < Limits.futureConsensusMessagesMax { futureMessages.append(.finalBlock(block)) }
            let source = peer ?? block.certificate.seals.first!.validatorKeyID
            startCatchUp(target: block.header.height + 1, peer: source, &actions)
            return
        }
        guard block.header.previousHash == tip.headerHash, block.header.chainID == genesis.chainID else {
            actions.append(.peerFault(peer: peer, .finalBlockOffChain(height: block.header.height)))
            return
        }
        finalize(block, broadcast: false, &actions)
    }

    /// For a block beyond the next height, whose set we cannot know yet: at least f + 1 valid seals from members of
    /// our S(h), so at least one honest validator we know finalized it. One change per epoch keeps most of a set in
    /// the next; a node that has fallen many epochs behind catches up by status sync instead.
    func isCertifiedByOurSet(_ block: Block) -> Bool {
        guard block.certificate.round >= block.header.round else { return false }
        let message = block.header.commitMessage(chainName: genesis.chainName, round: block.certificate.round)
        var known = 0
        var seen: Set<KeyID> = []
        for seal in block.certificate.seals where seen.insert(seal.validatorKeyID).inserted {
            guard let member = validators.validator(keyID: seal.validatorKeyID) else { continue }
            guard crypto.verify(signature: seal.signature, message: message, signer: member) else { return false }
            known += 1
        }
        return known > validators.faultTolerance
    }

    /// q valid commit seals from distinct validators of S(h) over the block's commit message.
    func isValidCertificate(_ block: Block) -> Bool {
        (try? block.certificate.verify(
            header: block.header, chainName: genesis.chainName, validators: validators, signatureCheck: crypto.verify))
            != nil
    }
}
