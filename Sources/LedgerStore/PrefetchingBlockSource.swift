import Dispatch
import LedgerCore

/// Reads and decodes the next block on another thread while the caller validates the current one, so a
/// replay's sequential reading and decoding overlap its signature checks instead of leaving cores idle.
/// At most one block is read ahead. Only one thread touches the wrapped source at a time: the prefetch
/// thread between `start()` and the `wait()` in `next()`, the caller otherwise.
final class PrefetchingBlockSource<Source: BlockSource>: BlockSource, @unchecked Sendable {
    private var source: Source
    private let queue = DispatchQueue(label: "mcledger.replay.prefetch")
    private var inFlight: DispatchWorkItem?
    private var fetched: Result<Block?, StoreError>?
    let genesis: Genesis
    let expectedBlocks: UInt64?

    init(_ source: Source) {
        self.source = source
        genesis = source.genesis
        expectedBlocks = source.expectedBlocks
    }

    func next() throws(StoreError) -> Block? {
        if inFlight == nil { start() }
        inFlight?.wait()
        inFlight = nil
        let outcome = fetched!
        fetched = nil
        // Read ahead only after a block: the end and a failure are final.
        if case .success(.some) = outcome { start() }
        return try outcome.get()
    }

    /// Waits for any read ahead and hands back the wrapped source.
    func finish() -> Source {
        inFlight?.wait()
        inFlight = nil
        return source
    }

    private func start() {
        let item = DispatchWorkItem { [self] in
            fetched = Result { () throws(StoreError) -> Block? in try source.next() }
        }
        inFlight = item
        queue.async(execute: item)
    }
}
