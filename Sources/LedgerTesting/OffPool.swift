import Foundation

/// Runs blocking work (waiting on child processes, polling with sleeps) on a Dispatch thread instead of a
/// Swift-concurrency pool thread. The pool has one thread per core, two on this machine: a test that blocks
/// them starves every other async test running alongside it, including those that watch real processes.
public enum OffPool {
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
