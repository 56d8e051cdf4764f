#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The open-file limit (RLIMIT_NOFILE). The node raises its soft limit to the hard one at start, so that client
/// connections do not run it out of descriptors below what the operator's system allows (issue 17, F3).
enum FileDescriptorLimit {
    struct Raised: Equatable {
        var before: UInt64
        var now: UInt64
        var hard: UInt64
    }

    /// Sets the soft limit to the hard limit; reports both before and after. A failure leaves the limit as it was.
    static func raise() -> Raised? {
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0 else { return nil }
        let before = UInt64(limit.rlim_cur)
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Self.resource, &raised) == 0 { limit = raised }
        }
        return Raised(before: before, now: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    #if canImport(Glibc)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif
}
