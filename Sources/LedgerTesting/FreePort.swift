#if canImport(Glibc)
    import Glibc
#endif

/// Loopback TCP ports that are free now, for tests that start real processes with configured ports.
public enum FreePort {
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
