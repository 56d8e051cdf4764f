/// Where the consensus state machine's persist-before-send writes go. `save` is durable when it returns,
/// so an action that says "persist, then send" can rely on it. The node uses the file store; the
/// deterministic simulator uses the in-memory one and models lost unsynced writes itself.
public protocol ConsensusStateStore: AnyObject {
    /// The last saved state, or nil if none was ever saved.
    func load() throws(StoreError) -> ConsensusState?
    /// Replaces the saved state durably.
    func save(_ state: ConsensusState) throws(StoreError)
}

/// Keeps the state in memory: for tests and the simulator.
public final class InMemoryConsensusStateStore: ConsensusStateStore {
    private var state: ConsensusState?

    public init(state: ConsensusState? = nil) {
        self.state = state
    }

    public func load() throws(StoreError) -> ConsensusState? { state }

    public func save(_ state: ConsensusState) throws(StoreError) { self.state = state }
}
