/// How the pure core runs independent work items, such as signature checks: it starts no threads of its own
/// (it imports no Dispatch), so a caller that has threads hands them in. `LedgerParallel.Parallel.everyCore`
/// spreads work over every core; `.inline` runs it on the calling thread.
public protocol WorkSpreader: Sendable {
    /// `body(index)` for every index in 0..<count, in about `chunks` contiguous chunks; result i is `body(i)`.
    func map<Result>(count: Int, chunks: Int, _ body: @Sendable (Int) -> Result) -> [Result]
}

/// Runs the work on the calling thread, in order.
public struct InlineWork: WorkSpreader {
    public init() {}

    public func map<Result>(count: Int, chunks: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        (0..<count).map(body)
    }
}

extension WorkSpreader where Self == InlineWork {
    /// The calling thread alone.
    public static var inline: InlineWork { InlineWork() }
}
