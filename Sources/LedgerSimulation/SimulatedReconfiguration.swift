import LedgerCore
import LedgerRuntime

/// One validator-set change the simulation drives through the nodes' admission path, as operators would.
public enum PlannedChange: Sendable, Hashable, CustomStringConvertible {
    /// Node `index` (started as an observer if it is not in genesis) joins the set.
    case add(node: Int)
    /// Node `index` leaves the set; it keeps running, so a Byzantine one goes on sending with its old key.
    case remove(node: Int)

    public var node: Int {
        switch self {
        case .add(let node), .remove(let node): node
        }
    }

    public var description: String {
        switch self {
        case .add(let node): "add node-\(node)"
        case .remove(let node): "remove node-\(node)"
        }
    }
}

/// The operators' side of a reconfiguration: a current member proposes the plan's next change, the others
/// approve it one by one, each through a random running node, retried until the chain shows the change.
struct ReconfigurationDriver {
    var plan: [PlannedChange]
    var step = 0
    /// The height at which each completed step's change became visible, and when the next may start.
    var completedHeights: [UInt64] = []
    var nextActionTick: UInt64 = 5
    var submitted = 0

    var isDone: Bool { step >= plan.count }
    var current: PlannedChange? { isDone ? nil : plan[step] }
}

/// A deliberately simple tally of validator-set changes over the final blocks, written from the rules' text and
/// sharing no code with `ValidatorGovernance`: each height's set is checked against it.
struct NaiveValidatorTally {
    struct Pending {
        let change: ValidatorChange
        var approvers: Set<KeyID>
    }

    /// In rotation order.
    private(set) var members: [(name: String, key: P256PublicKey)]
    private var pending: [TransactionID: Pending] = [:]
    private(set) var height: UInt64 = 0

    init(genesis: Genesis) {
        members = genesis.validators.map { ($0.name, $0.publicKey) }
    }

    var keyIDs: Set<KeyID> { Set(members.map { $0.key.keyID }) }

    /// The set hash as FORMATS.md defines it: tag ‖ u16 n ‖ (name text ‖ SPKI bytes) × n.
    var setHash: SHA256Digest {
        var bytes = Array("mcledger/validator-set/v1".utf8)
        bytes += [UInt8(members.count >> 8), UInt8(members.count & 0xFF)]
        for member in members {
            let name = Array(member.name.utf8)
            let spki = member.key.spkiDER
            bytes += [UInt8(name.count >> 8), UInt8(name.count & 0xFF)] + name
            bytes += [UInt8(spki.count >> 8), UInt8(spki.count & 0xFF)] + spki
        }
        return SHA256.hash(bytes)
    }

    /// Applies the next final block; returns whether a change passed in it.
    @discardableResult
    mutating func apply(_ block: Block) -> Bool {
        precondition(block.header.height == height + 1)
        height += 1
        let voters = keyIDs
        var changed = false
        for transaction in block.transactions {
            let author = transaction.body.authorKeyID
            guard voters.contains(author), keyIDs.contains(author) else { continue }
            var proposalID: TransactionID
            switch transaction.body.payload {
            case .proposeValidatorChange(let propose):
                proposalID = transaction.id
                pending[proposalID] = Pending(change: propose.change, approvers: [author])
            case .approveValidatorChange(let approve):
                proposalID = approve.proposalID
                pending[proposalID]?.approvers.insert(author)
            default:
                continue
            }
            guard !changed, let proposal = pending[proposalID] else { continue }
            let count = proposal.approvers.intersection(keyIDs).count
            guard 3 * count >= 2 * members.count else { continue }
            switch proposal.change {
            case .add(let addition):
                guard let key = try? P256PublicKey(spkiDER: addition.publicKey) else { continue }
                members.append((addition.name, key))
            case .remove(let name):
                members.removeAll { $0.name == name }
            }
            pending[proposalID] = nil
            changed = true
        }
        return changed
    }
}

extension ConsensusSimulator {
    /// The operators act every few ticks: propose the plan's next change, or approve the pending proposal for it,
    /// signed by a current honest member and submitted to a running node.
    func reconfigure() {
        guard var driver = reconfiguration, let change = driver.current, tick >= driver.nextActionTick else { return }
        defer { reconfiguration = driver }
        driver.nextActionTick = tick + UInt64.random(in: 3...9, using: &random)
        guard let view = honestNodes.filter(\.isUp).max(by: { $0.height < $1.height }) else { return }
        let tip = view.store.tip
        let target = nodes[change.node]
        let done: Bool
        switch change {
        case .add: done = tip.validators.contains(target.keyID)
        case .remove: done = !tip.validators.contains(target.keyID)
        }
        if done {
            record("reconfiguration: \(change) visible at height \(tip.height)")
            driver.completedHeights.append(tip.height)
            driver.step += 1
            // Let a few blocks pass under the new set before the next change.
            driver.nextActionTick = tick + 40
            return
        }
        let members = nodes.filter { tip.validators.contains($0.keyID) && !$0.isByzantine }
        let name = "node-\(change.node)"
        let payload: TransactionPayload
        let author: SimulatedNode
        if let proposal = tip.governance.pending(atHeight: tip.height + 1).first(where: { $0.change.name == name }) {
            let approvers = members.filter { !proposal.approvals.contains($0.keyID) }
            guard let approver = approvers.randomElement(using: &random) else { return }
            (author, payload) = (approver, .approveValidatorChange(ApproveValidatorChange(proposalID: proposal.id)))
        } else {
            guard let proposer = members.randomElement(using: &random) else { return }
            let proposed: ValidatorChange
            switch change {
            case .add:
                guard
                    let addition = try? ValidatorAddition.signed(
                        name: name, country: "BB", key: target.key, chainID: genesis.chainID)
                else { return }
                proposed = .add(addition)
            case .remove:
                proposed = .remove(name: name)
            }
            (author, payload) = (
                proposer,
                .proposeValidatorChange(
                    ProposeValidatorChange(change: proposed, proposedAtMilliseconds: wallTime(view)))
            )
        }
        guard let body = try? TransactionBody(chainID: genesis.chainID, authorKeyID: author.keyID, payload: payload),
            let transaction = try? SignedTransaction.sign(body, with: author.key),
            let entry = honestNodes.filter(\.isUp).randomElement(using: &random), let entryDriver = entry.driver
        else { return }
        driver.submitted += 1
        let outcome = entryDriver.submit([transaction]).first
        record(
            "reconfiguration: node \(author.index) sends \(payload.kind) for \(change) via node \(entry.index): \(outcome.map { "\($0)" } ?? "?")"
        )
        settle(entry)
    }

    /// Checks a newly decided height against the naive tally: the header names the tally's set as both current and
    /// (after applying the block) next, and the certificate holds a quorum of that set.
    func checkAgainstTally(_ block: Block) {
        guard block.header.height == tally.height + 1 else { return }
        let before = tally.setHash
        let signers = tally.keyIDs
        let quorum = (2 * signers.count + 2) / 3
        if block.header.validatorSetHash != before {
            violate(
                "reference validator set",
                "block \(block.header.height) names set \(block.header.validatorSetHash.hex.prefix(12)), the naive "
                    + "tally has \(before.hex.prefix(12))")
        }
        let sealers = Set(block.certificate.seals.map(\.validatorKeyID))
        if !sealers.isSubset(of: signers) || sealers.count < quorum {
            violate(
                "reference validator set",
                "block \(block.header.height) is sealed by \(sealers.count) keys, not a quorum \(quorum) of the tally's "
                    + "\(signers.count) members")
        }
        tally.apply(block)
        if block.header.nextValidatorSetHash != tally.setHash {
            violate(
                "reference validator set",
                "block \(block.header.height) names next set \(block.header.nextValidatorSetHash.hex.prefix(12)), the "
                    + "naive tally has \(tally.setHash.hex.prefix(12))")
        }
    }
}
