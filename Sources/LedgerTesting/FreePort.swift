#if canImport(Glibc)
    import Glibc
#endif

/// Loopback TCP ports that are free now, for tests that start real processes with configured ports.
public enum FreePort {
    /// The first of `count` consecutive loopback ports that are all free now, for a devnet whose nodes take
    /// ports from a base (`ledger devnet init --base-port`). Tries bases from a seeded spread of the range, so
    /// suites running at once rarely even try the same base.
    public static func consecutive(_ count: Int, in range: Range<Int> = 20_000..<40_000) -> Int {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let base = Int.random(in: range.lowerBound..<(range.upperBound - count), using: &generator)
            if (base..<(base + count)).allSatisfy(isFree) { return base }
        }
        preconditionFailure("no \(count) consecutive free loopback ports in \(range)")
    }

    /// True when nothing listens on 127.0.0.1:`port` and it can be bound now.
    public static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port the kernel hands out for 127.0.0.1 and that nothing listens on at the moment of the call. The
    /// kernel cycles through its ephemeral range, so two calls in a row do not return the same port.
    public static func next() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(descriptor >= 0, "socket() failed")
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        precondition(bound, "cannot bind an ephemeral loopback port")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
