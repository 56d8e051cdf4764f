import Dispatch
import LedgerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs independent work on every core and returns results in input order.
public enum Parallel {
    /// `body(index)` for every index in 0..<count, spread over all cores; result i is `body(i)`.
    public static func map<Result>(count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard count > 0 else { return [] }
        let slots = Slots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.store(body($0), at: $0) }
        return slots.values
    }

    /// Like `map`, but hands each worker a contiguous chunk, for work too small to schedule one index at a time.
    public static func map<Result>(count: Int, chunks: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard count > 0 else { return [] }
        let slots = Slots<Result>(count: count)
        let chunkCount = min(count, max(1, chunks))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            for index in (count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount) {
                slots.store(body(index), at: index)
            }
        }
        return slots.values
    }
}

/// One slot per index, each written by exactly one worker, read once every worker has finished.
private final class Slots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        _ = buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ value: Value, at index: Int) { buffer[index] = value }

    var values: [Value] { buffer.map { $0! } }
}

extension Parallel {
    /// The core's work spread over every core (see `WorkSpreader`).
    public static let everyCore = EveryCore()

    /// `Parallel.map` as a `WorkSpreader`.
    public struct EveryCore: WorkSpreader {
        public func map<Result>(count: Int, chunks: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
            Parallel.map(count: count, chunks: chunks, body)
        }
    }
}

/// How many threads CPU-bound work such as signature checks should use.
public enum Parallelism {
    public static var workerCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
