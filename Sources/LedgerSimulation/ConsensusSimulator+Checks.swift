import LedgerCore
import LedgerRuntime

/// The invariants, checked as events happen (TigerBeetle-style checkers).
extension ConsensusSimulator {
    /// A node stored a final block: it must carry q valid seals, agree with every other honest node's block at
    /// that height, and hold no transaction a client knows to be invalid.
    func stored(_ block: Block, at node: SimulatedNode) {
        let height = block.header.height
        guard !node.isByzantine else { return }
        record(
            "node \(node.index) final h=\(height) r=\(block.header.round) tx=\(block.transactions.count) \(block.header.hash.hex.prefix(8))"
        )
        let signers = node.store.certifyingSets[Int(height) - 1]
        if !hasValidCertificate(block, validators: signers) {
            violate(
                "certificate",
                "node \(node.index) finalized height \(height) without \(signers.quorum) valid distinct seals of \(signers)"
            )
        }
        let digest = block.header.hash
        if decided[height] == nil { checkAgainstTally(block) }
        if let existing = decided[height], existing != digest {
            violate(
                "agreement",
                "height \(height) final as \(existing.hex.prefix(12)) and as \(digest.hex.prefix(12)) (node \(node.index))"
            )
        }
        decided[height] = digest
        for transaction in block.transactions where clients.invalidIDs.contains(transaction.id) {
            violate(
                "invalid transaction final",
                "node \(node.index) stored block \(height) with transaction \(transaction.id.hex.prefix(12)), which no rule admits"
            )
        }
    }

    func hasValidCertificate(_ block: Block, validators: ValidatorSet) -> Bool {
        let crypto = nodes[0].crypto
        return
            (try? block.certificate.verify(
                header: block.header, chainName: genesis.chainName, validators: validators,
                signatureCheck: crypto.verify))
            != nil
    }

    /// An honest node never sends two different signed messages in one (height, round, kind) slot, even across
    /// crashes between signing and persisting (tendermint#247, #3089). A wiped node has lost its memory and is
    /// exempt: it counts among the f faulty.
    func checkNoEquivocation(_ vote: ConsensusVote, by node: SimulatedNode) {
        guard !node.isByzantine else { return }
        let slot = SigningSlot(height: vote.height, round: vote.round, kind: vote.kind)
        let signed = vote.signedBytes(genesis: genesis)
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
        guard let driver = node.driver, !node.isByzantine else { return }
        let height = driver.height
        if let sent = node.sentRounds[height], driver.round < sent {
            violate(
                "round regression",
                "node \(node.index) restarted in round \(driver.round) at height \(height) after sending in round \(sent)"
            )
        }
        if let lock = node.stateStore.state?.lock, node.stateStore.state?.height == height,
            driver.lockedRound != lock.round
        {
            violate("lock regression", "node \(node.index) lost its lock of round \(lock.round) at height \(height)")
        }
    }

    /// After recovery, the store's head is what consensus resumes from, and the registry derived block by block
    /// equals a replay of the node's own blocks.
    func checkRecovered(_ node: SimulatedNode) {
        guard let driver = node.driver else { return }
        if driver.height != node.store.tip.height + 1 {
            violate(
                "recovered head",
                "node \(node.index) resumes consensus at height \(driver.height) over a store at \(node.store.tip.height)"
            )
        }
        checkRegistryReplays(node)
    }

    /// Also: the status root the node kept block by block equals, at every height, the root recomputed from scratch
    /// from the replayed registry's records.
    func checkRegistryReplays(_ node: SimulatedNode) {
        let roots = node.store.statusRoots
        let replay = node.store.replayedRegistry { height, registry in
            let index = Int(height) - 1
            guard index < roots.count, roots[index] == registry.statusRootFromScratch else {
                violate(
                    "status root", "node \(node.index)'s status root at height \(height) differs from a recomputation")
                return
            }
        }
        switch replay {
        case .success(let replayed) where replayed == node.store.tables: break
        case .success:
            violate("registry replay", "node \(node.index)'s registry differs from a replay of its own blocks")
        case .failure(let rejection):
            violate("registry replay", "node \(node.index)'s own blocks do not replay: \(rejection)")
        }
    }

    /// Once liveness is shown: every transaction reported final to a client is in every running honest node's
    /// store that has reached its height, and their registries replay. (A node that is down has not re-derived
    /// its store yet; it is checked when it restarts.)
    func checkAtEnd() {
        for node in honestNodes where node.isUp {
            checkRegistryReplays(node)
            for (id, height) in clients.reportedFinal where height <= node.height {
                guard (try? node.store.transaction(id: id)) ?? nil != nil else {
                    violate(
                        "final transaction lost",
                        "transaction \(id.hex.prefix(12)), reported final at height \(height), is not in node \(node.index)'s store"
                    )
                    return
                }
            }
        }
    }

    /// After healing: a new height is final and every honest node has caught up to at least the healed height + 1.
    func livenessShown() -> Bool {
        let honest = honestNodes
        guard let highest = honest.map(\.height).max(), highest >= heightAtHeal + 2 else { return false }
        return honest.allSatisfy { $0.height >= heightAtHeal + 1 }
    }
}
