import LedgerCore

/// The invariants, checked as events happen (TigerBeetle-style checkers).
extension ConsensusSimulator {
    /// A node stores a final block: it must extend its chain, carry q valid seals, and agree with every other
    /// honest node's block at that height.
    func commit(_ block: Block, at node: SimulatedNode) {
        let height = block.header.height
        guard height == node.height + 1 else {
            violate("commit order", "node \(node.index) at height \(node.height) committed height \(height)")
            return
        }
        node.chain.append(block)
        guard !node.isByzantine else { return }
        record("node \(node.index) final h=\(height) r=\(block.header.round) \(block.header.hash.hex.prefix(8))")
        if !hasValidCertificate(block) {
            violate(
                "certificate",
                "node \(node.index) finalized height \(height) without \(genesis.quorum) valid distinct seals")
        }
        let digest = block.header.hash
        if let existing = decided[height], existing != digest {
            violate(
                "agreement",
                "height \(height) final as \(existing.hex.prefix(12)) and as \(digest.hex.prefix(12)) (node \(node.index))"
            )
        }
        decided[height] = digest
    }

    func hasValidCertificate(_ block: Block) -> Bool {
        let crypto = nodes[0].crypto
        return (try? block.certificate.verify(header: block.header, genesis: genesis, signatureCheck: crypto.verify))
            != nil
    }

    /// An honest node never sends two different signed messages in one (height, round, kind) slot, even across
    /// crashes between signing and persisting (tendermint#247, #3089). A wiped node has lost its memory and is
    /// exempt: it counts among the f faulty.
    func checkNoEquivocation(_ vote: ConsensusVote, by node: SimulatedNode) {
        guard !node.isByzantine else { return }
        let slot = SigningSlot(height: vote.height, round: vote.round, kind: vote.kind)
        let signed = vote.signedBytes(chainID: genesis.chainID)
        if let earlier = node.sentVotes[slot], earlier != signed {
            violate(
                "equivocation",
                "honest node \(node.index) sent two different \(vote.kind) messages at height \(vote.height) round \(vote.round)"
            )
        }
        node.sentVotes[slot] = signed
    }

    /// A restarted node resumes no lower than any round it had sent messages in, with its lock intact.
    func checkNoRegression(_ node: SimulatedNode) {
        guard let machine = node.machine, !node.isByzantine else { return }
        let height = machine.height
        if let sent = node.sentRounds[height], machine.round < sent {
            violate(
                "round regression",
                "node \(node.index) restarted in round \(machine.round) at height \(height) after sending in round \(sent)"
            )
        }
        if let lock = node.durable?.lock, node.durable?.height == height, machine.lockedRound != lock.round {
            violate("lock regression", "node \(node.index) lost its lock of round \(lock.round) at height \(height)")
        }
    }

    /// After healing: a new height is final and every honest node has caught up to at least the healed height + 1.
    func livenessShown() -> Bool {
        let honest = honestNodes
        guard let highest = honest.map(\.height).max(), highest >= heightAtHeal + 2 else { return false }
        return honest.allSatisfy { $0.height >= heightAtHeal + 1 }
    }
}
