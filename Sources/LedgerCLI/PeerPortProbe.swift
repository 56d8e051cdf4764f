import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells a node's P2P port from its API port. A node greets every connection on its P2P port with a hello frame
/// (`u32 length ‖ u8 type 1 ‖ …`, docs/FORMATS.md), while an HTTP server waits for the request, so `--node`
/// pointed at a P2P port can be named as such instead of as "Received HTTP/0.9".
enum PeerPortProbe {
    /// True when a server at `host:port` sends a peer hello frame within a second of the connection.
    static func speaksPeerProtocol(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>? = nil
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let address = result else { return false }
        defer { freeaddrinfo(result) }
        let descriptor = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else { return false }
        var header = [UInt8](repeating: 0, count: 5)
        var received = 0
        while received < header.count {
            let count = header.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + received, 5 - received, 0) }
            guard count > 0 else { return false }
            received += count
        }
        let length = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        return header[4] == 1 && length > 0 && length < 4096
    }
}
