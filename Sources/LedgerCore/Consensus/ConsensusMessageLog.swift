/// A round change as received: the vote plus the prepared block and certificate it reports.
struct RoundChangeEntry: Sendable, Hashable {
    let vote: ConsensusVote
    let preparedBlock: ProposedBlock?
    let certificate: [ConsensusVote]
}

/// A proposal as received.
struct ProposalEntry: Sendable, Hashable {
    let vote: ConsensusVote
    let block: ProposedBlock
    let roundChanges: [ConsensusVote]
    let prepares: [ConsensusVote]
}

/// Authentic messages received for the height being decided, at most one per (round, kind, signer): a second,
/// different message from the same signer in the same slot is equivocation and is not counted.
struct ConsensusMessageLog: Sendable {
    private(set) var proposals: [UInt32: ProposalEntry] = [:]
    private(set) var prepares: [UInt32: [KeyID: ConsensusVote]] = [:]
    private(set) var commits: [UInt32: [KeyID: ConsensusVote]] = [:]
    private(set) var roundChanges: [UInt32: [KeyID: RoundChangeEntry]] = [:]

    /// Records a proposal; false if one for this round is already held.
    mutating func add(_ proposal: ProposalEntry) -> Bool {
        guard proposals[proposal.vote.round] == nil else { return false }
        proposals[proposal.vote.round] = proposal
        return true
    }

    mutating func addPrepare(_ vote: ConsensusVote) -> Bool { Self.insert(vote, into: &prepares) }

    mutating func addCommit(_ vote: ConsensusVote) -> Bool { Self.insert(vote, into: &commits) }

    mutating func add(_ roundChange: RoundChangeEntry) -> Bool {
        let vote = roundChange.vote
        guard roundChanges[vote.round]?[vote.signer] == nil else { return false }
        roundChanges[vote.round, default: [:]][vote.signer] = roundChange
        return true
    }

    private static func insert(_ vote: ConsensusVote, into table: inout [UInt32: [KeyID: ConsensusVote]]) -> Bool {
        guard table[vote.round]?[vote.signer] == nil else { return false }
        table[vote.round, default: [:]][vote.signer] = vote
        return true
    }

    /// Prepares for (round, digest), one per validator.
    func prepares(round: UInt32, digest: SHA256Digest) -> [ConsensusVote] {
        (prepares[round] ?? [:]).values.filter { $0.digest == digest }.sorted { $0.signer < $1.signer }
    }

    /// Commits for (round, digest), one per validator.
    func commits(round: UInt32, digest: SHA256Digest) -> [ConsensusVote] {
        (commits[round] ?? [:]).values.filter { $0.digest == digest }.sorted { $0.signer < $1.signer }
    }

    /// Round changes for exactly this round.
    func roundChanges(round: UInt32) -> [RoundChangeEntry] {
        (roundChanges[round] ?? [:]).values.sorted { $0.vote.signer < $1.vote.signer }
    }

    /// For each validator, the highest round above `round` it asked to move to.
    func highestFutureRounds(above round: UInt32) -> [KeyID: UInt32] {
        var highest: [KeyID: UInt32] = [:]
        for (candidate, entries) in roundChanges where candidate > round {
            for signer in entries.keys { highest[signer] = max(highest[signer] ?? 0, candidate) }
        }
        return highest
    }
}
