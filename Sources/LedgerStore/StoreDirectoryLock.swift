import LedgerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exclusive hold on a store's LOCK file: one holder per store, across processes and within one.
///
/// Across processes it is a POSIX record lock (`fcntl(F_SETLK)`), which belongs to the process and is not inherited
/// by a child: with `flock`, a child spawned by another thread held a copy of the lock between its fork and its exec,
/// so a store closed and reopened in that window was refused as "in use". A record lock is released when the process
/// closes any descriptor of the file, so within the process the hold is a registry of the lock files held, checked
/// before the file is opened, and the file is opened once per hold.
final class StoreDirectoryLock {
    private static let registryLock = StoreLock()
    nonisolated(unsafe) private static var held: Set<String> = []

    private let key: String
    private let descriptor: Int32

    private init(key: String, descriptor: Int32) {
        self.key = key
        self.descriptor = descriptor
    }

    deinit {
        Self.registryLock.withLock {
            close(descriptor)
            Self.held.remove(key)
        }
    }

    /// Takes the lock at `path` (creating the file with `create`), or fails with `.locked` at once if it is held.
    static func acquire(path: String, create: Bool) throws(StoreError) -> StoreDirectoryLock {
        let key = canonicalPath(path)
        return try registryLock.withLock { () throws(StoreError) -> StoreDirectoryLock in
            guard !held.contains(key) else { throw StoreError.locked(path: path) }
            let descriptor = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0o644)
            guard descriptor >= 0 else { throw StoreFile.ioError(path, "open") }
            var request = flock()
            request.l_type = Int16(F_WRLCK)
            request.l_whence = Int16(SEEK_SET)
            guard fcntl(descriptor, F_SETLK, &request) == 0 else {
                let failure = errno == EAGAIN || errno == EACCES ? .locked(path: path) : StoreFile.ioError(path, "lock")
                close(descriptor)
                throw failure
            }
            held.insert(key)
            return StoreDirectoryLock(key: key, descriptor: descriptor)
        }
    }

    /// The lock file's path with its directory's symbolic links resolved, so two spellings of one store match.
    private static func canonicalPath(_ path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let resolved = realpath(directory.isEmpty ? "/" : directory, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + name
    }
}
