import LedgerCore
import LedgerStore

#if canImport(Glibc)
    import Glibc
#endif

/// Checks a node runs before it creates or opens anything, so that a second node on the same data directory or
/// ports fails at once, names what is taken and the config key to change, and leaves no key or chain behind.
enum StartupChecks {
    static func run(_ configuration: NodeConfiguration, development: Bool) throws(NodeStartupError) {
        do {
            try ChainStore.checkNotInUse(directory: configuration.dataDirectory)
        } catch {
            let held = if case .locked(let path) = error { "its lock file \(path) is held" } else { "\(error)" }
            throw NodeStartupError(
                description: "another ledger-node is running on the data directory \(configuration.dataDirectory): "
                    + "\(held). Stop that node first, or give this node its own node.data_dir.")
        }
        let advice =
            development
            ? " The dev node always uses 127.0.0.1:7070 and 127.0.0.1:7071; to run another node beside it, write a "
                + "config with other api.listen and p2p.listen (docs/CONFIG.md) and pass --config."
            : ""
        for (address, key) in [(configuration.apiListen, "api.listen"), (configuration.p2pListen, "p2p.listen")] {
            guard let problem = bindProblem(host: address.host, port: address.port) else { continue }
            throw NodeStartupError(
                description: "cannot listen on \(address) (\(key)): \(problem). Another ledger-node or program "
                    + "holds that port: stop it, or change \(key) in the node's config." + advice)
        }
    }

    /// Why `host:port` cannot be bound now, or nil when it can (port 0 always can).
    static func bindProblem(host: String, port: Int) -> String? {
        guard port != 0 else { return nil }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var result: UnsafeMutablePointer<addrinfo>? = nil
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let address = result else {
            return "the host \(host) does not resolve"
        }
        defer { freeaddrinfo(result) }
        let descriptor = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        // As the listeners will: SO_REUSEADDR, so a port left in TIME_WAIT by a stopped node is not "in use".
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            return errno == EADDRINUSE ? "the address is already in use" : String(cString: strerror(errno))
        }
        return nil
    }
}
