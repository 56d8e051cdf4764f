import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `p2p.allowed_networks`: the CIDR blocks ("10.0.0.0/8", "2001:db8::/32", "127.0.0.1/32") whose hosts may open
/// P2P connections to this node. Connections from elsewhere are closed before any byte is read.
struct NetworkAllowlist: Sendable, Equatable {
    struct Block: Sendable, Equatable {
        var address: [UInt8]
        var prefixLength: Int

        func contains(_ bytes: [UInt8]) -> Bool {
            guard bytes.count == address.count else { return false }
            var remaining = prefixLength
            for (mine, theirs) in zip(address, bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                guard mine & mask == theirs & mask else { return false }
                remaining -= bits
            }
            return true
        }
    }

    let blocks: [Block]

    /// Parses each entry; an error names the entry and says what a block looks like.
    init(parsing entries: [String], key: String) throws(NodeConfigurationError) {
        var blocks: [Block] = []
        for entry in entries {
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let bytes = Self.addressBytes(String(parts[0])), let length = Int(parts[1]),
                (0...(bytes.count * 8)).contains(length)
            else {
                throw .invalid(
                    key: key, reason: "'\(entry)' is not a network in CIDR form, such as 10.0.0.0/8 or 2001:db8::/32")
            }
            blocks.append(Block(address: bytes, prefixLength: length))
        }
        self.blocks = blocks
    }

    func allows(_ address: SocketAddress?) -> Bool {
        guard let text = address?.ipAddress, let bytes = Self.addressBytes(text) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address in text form; an IPv4-mapped IPv6 address is its IPv4 bytes.
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes.prefix(10).allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return Array(bytes.suffix(4))
        }
        return bytes
    }
}
