import LedgerClient

/// Waiting on separate processes: their state is observed, not awaited.
public enum Polling {
    /// Polls `condition` every 100 ms until it holds. The budget is a number of polls (`seconds` × 10), not a
    /// wall-clock deadline, so a test process starved of threads by CPU-heavy suites alongside gets all its polls.
    public static func eventually(
        _ what: String, within seconds: Double = 90, _ condition: () async throws -> Bool
    ) async throws {
        for _ in 0..<Int(seconds * 10) {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw NodeClient.Failure(description: "gave up after \(Int(seconds * 10)) polls waiting until \(what)")
    }
}
