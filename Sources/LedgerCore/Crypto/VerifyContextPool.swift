import COpenSSL
import Synchronization

/// Verification contexts for one public key, initialised once and reused. Creating an `EVP_PKEY_CTX` and
/// running `EVP_PKEY_verify_init` on every check costs about 7% of a P-256 verification (BENCHMARKS.md); an
/// initialised context can verify any number of signatures, but only on one thread at a time, so each check
/// takes one from the pool and puts it back.
final class VerifyContextPool: Sendable {
    /// More than the threads that verify at once on the machines this runs on; extra contexts are freed.
    static let capacity = 16
    private let key: OpaqueContext
    private let idle = Mutex<[OpaqueContext]>([])

    /// An OpenSSL pointer: the immutable key, or a context handed between threads only through the mutex.
    struct OpaqueContext: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    init(key: OpaquePointer) {
        self.key = OpaqueContext(pointer: key)
    }

    deinit {
        idle.withLock { contexts in
            for context in contexts { EVP_PKEY_CTX_free(context.pointer) }
        }
    }

    /// Runs `body` with a context ready for `EVP_PKEY_verify`. A context whose check failed is freed rather than
    /// reused, so no error state carries over to the next check.
    func withContext(_ body: (OpaquePointer) -> Int32) -> Int32 {
        let context = idle.withLock { $0.popLast() } ?? Self.makeContext(key.pointer)
        let status = body(context.pointer)
        if status == 1 {
            let kept = idle.withLock { contexts in
                guard contexts.count < Self.capacity else { return false }
                contexts.append(context)
                return true
            }
            if !kept { EVP_PKEY_CTX_free(context.pointer) }
        } else {
            EVP_PKEY_CTX_free(context.pointer)
        }
        return status
    }

    private static func makeContext(_ key: OpaquePointer) -> OpaqueContext {
        guard let context = EVP_PKEY_CTX_new(key, nil) else { preconditionFailure("EVP_PKEY_CTX_new failed") }
        guard EVP_PKEY_verify_init(context) == 1 else { preconditionFailure("EVP_PKEY_verify_init failed") }
        return OpaqueContext(pointer: context)
    }
}
