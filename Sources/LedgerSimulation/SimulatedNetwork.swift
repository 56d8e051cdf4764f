import LedgerCore

/// A message in flight between two simulated nodes.
struct Envelope {
    let deliverAt: UInt64
    let sequence: UInt64
    let from: Int
    let to: Int
    let bytes: [UInt8]
}

/// The simulated network: a queue ordered by delivery tick, with loss, delay (hence reordering), duplication,
/// and partitions, symmetric or one-way. All randomness comes from the simulation's seeded generator.
struct SimulatedNetwork {
    var lossPerMille = 0
    var duplicatePerMille = 0
    var delayTicks: ClosedRange<UInt64> = 1...3
    /// Links (from, to) on which nothing arrives.
    var blocked: Set<Link> = []
    private var heap: [Envelope] = []
    private var sequence: UInt64 = 0
    private(set) var delivered = 0
    private(set) var dropped = 0

    struct Link: Hashable {
        let from: Int
        let to: Int
    }

    var isEmpty: Bool { heap.isEmpty }

    mutating func send(from: Int, to: Int, bytes: [UInt8], now: UInt64, random: inout SeededGenerator) {
        guard from != to else { return }
        if blocked.contains(Link(from: from, to: to)) || Int.random(in: 0..<1000, using: &random) < lossPerMille {
            dropped += 1
            return
        }
        let copies = Int.random(in: 0..<1000, using: &random) < duplicatePerMille ? 2 : 1
        for _ in 0..<copies {
            sequence += 1
            push(
                Envelope(
                    deliverAt: now + UInt64.random(in: delayTicks, using: &random), sequence: sequence, from: from,
                    to: to, bytes: bytes))
        }
    }

    /// The next envelope due at or before `tick`, if any.
    mutating func nextDue(at tick: UInt64) -> Envelope? {
        guard let first = heap.first, first.deliverAt <= tick else { return nil }
        delivered += 1
        return pop()
    }

    mutating func heal() {
        lossPerMille = 0
        duplicatePerMille = 0
        delayTicks = 1...3
        blocked = []
    }

    private static func before(_ left: Envelope, _ right: Envelope) -> Bool {
        (left.deliverAt, left.sequence) < (right.deliverAt, right.sequence)
    }

    private mutating func push(_ envelope: Envelope) {
        heap.append(envelope)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() -> Envelope {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count && Self.before(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && Self.before(heap[right], heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
