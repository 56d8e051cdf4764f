import LedgerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file opened for positioned reads and writes, with explicit durability: nothing is durable until `sync()`.
final class StoreFile {
    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Opens (and with `create`, creates) a file for reading and writing, or only for reading.
    static func open(path: String, create: Bool, readOnly: Bool = false) throws(StoreError) -> StoreFile {
        let flags = (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC | (create ? O_CREAT : 0)
        let descriptor = Glibc.open(path, flags, 0o644)
        guard descriptor >= 0 else { throw ioError(path, "open") }
        return StoreFile(path: path, descriptor: descriptor)
    }

    static func ioError(_ path: String, _ operation: String) -> StoreError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Makes a new directory entry durable: fsync the directory that holds it.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ioError(path, "open directory") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw ioError(path, "fsync directory") }
    }

    /// Creates a directory (and parents) if it does not exist.
    static func createDirectory(_ path: String) throws(StoreError) {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o755) != 0 && errno != EEXIST { throw ioError(built, "mkdir") }
        }
    }

    func size() throws(StoreError) -> UInt64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.ioError(path, "fstat") }
        return UInt64(status.st_size)
    }

    /// Reads exactly `count` bytes at `offset`; a short read means the file is shorter than expected.
    func read(offset: UInt64, count: Int) throws(StoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.ioError(path, "read")
            }
            if result == 0 {
                throw StoreError.corrupt(
                    path: path, height: nil, reason: "unexpected end of file at byte \(offset + UInt64(done))")
            }
            done += result
        }
        return bytes
    }

    /// Writes all of `bytes` at `offset` (not yet durable).
    func write(offset: UInt64, _ bytes: [UInt8]) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                pwrite(descriptor, buffer.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.ioError(path, "write")
            }
            done += result
        }
    }

    /// Makes every write so far durable (data and the file size).
    func sync() throws(StoreError) {
        guard fdatasync(descriptor) == 0 else { throw Self.ioError(path, "fdatasync") }
    }

    func truncate(to size: UInt64) throws(StoreError) {
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw Self.ioError(path, "truncate") }
    }
}
