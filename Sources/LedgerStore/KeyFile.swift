import LedgerCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and writes PEM key files; private keys are created with mode 0600 and never overwritten.
public enum KeyFile {
    /// Writes `contents` to a new file with the given mode; refuses to replace an existing file.
    public static func writeNew(path: String, contents: String, mode: mode_t) throws(CryptoError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw .keyFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // The umask may have narrowed the mode; set it exactly.
        guard fchmod(descriptor, mode) == 0 else {
            throw .keyFile(path: path, reason: String(cString: strerror(errno)))
        }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .keyFile(path: path, reason: String(cString: strerror(errno)))
            }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw .keyFile(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Writes PREFIX.key.pem (PKCS#8, 0600) and PREFIX.pub.pem (SPKI, 0644).
    public static func writeKeyPair(_ key: P256PrivateKey, prefix: String) throws(CryptoError) {
        try writeNew(path: prefix + ".key.pem", contents: key.pkcs8PEM, mode: 0o600)
        try writeNew(path: prefix + ".pub.pem", contents: key.publicKey.pem, mode: 0o644)
    }

    /// Reads a whole small text file.
    public static func readText(path: String, bytesMax: Int = 64 * 1024) throws(CryptoError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .keyFile(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .keyFile(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes += chunk.prefix(count)
            guard bytes.count <= bytesMax else { throw .keyFile(path: path, reason: "larger than \(bytesMax) bytes") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Loads a private key from a PEM file.
    public static func readPrivateKey(path: String) throws(CryptoError) -> P256PrivateKey {
        do {
            return try P256PrivateKey(pem: readText(path: path))
        } catch {
            if case .keyFile = error { throw error }
            throw .keyFile(path: path, reason: error.description)
        }
    }

    /// Loads a public key from a PEM file.
    public static func readPublicKey(path: String) throws(CryptoError) -> P256PublicKey {
        do {
            return try P256PublicKey(pem: readText(path: path))
        } catch {
            if case .keyFile = error { throw error }
            throw .keyFile(path: path, reason: error.description)
        }
    }
}
