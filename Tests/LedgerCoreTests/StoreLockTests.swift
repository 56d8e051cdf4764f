import Foundation
import LedgerCore
import LedgerStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The store's lock: one holder, across processes and within one")
struct StoreLockTests {
    /// Regression (a CI flake of ExportReplayTests): a child spawned by another thread holds copies of the parent's
    /// descriptors until it execs. With `flock` the copy kept the lock, so a store closed and reopened in that window
    /// was refused as "in use by another process". The child here stays in that window until the reopen is done.
    @Test("a store closed while a forked child holds copies of its descriptors reopens at once")
    func reopenWhileChildHoldsDescriptors() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 1, perBlock: 1)
        var pipe: [Int32] = [0, 0]
        #expect(Glibc.pipe(&pipe) == 0)
        let child = fork()
        if child == 0 {
            close(pipe[1])
            var byte: UInt8 = 0
            _ = read(pipe[0], &byte, 1)
            _exit(0)
        }
        #expect(child > 0)
        close(pipe[0])
        fixture.close()
        let reopened = Result { try fixture.reopen() }
        close(pipe[1])
        var status: Int32 = 0
        _ = waitpid(child, &status, 0)
        #expect(try reopened.get().tip.height == 2, "the registration and one block of issuances")
    }

    @Test("a second open through another spelling of the directory is refused, and the first keeps its lock")
    func secondSpellingRefused() throws {
        let fixture = try StoreFixture()
        try fixture.populate(blocks: 1, perBlock: 1)
        let alias = fixture.path("alias")
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: fixture.directory)
        #expect(throws: StoreError.locked(path: alias + "/LOCK")) {
            try ChainStore(directory: alias, genesis: fixture.chain.genesis)
        }
        #expect(throws: StoreError.locked(path: fixture.path("LOCK"))) {
            try ChainStore.checkNotInUse(directory: fixture.directory)
        }
        fixture.close()
        try ChainStore.checkNotInUse(directory: alias)
        #expect(
            try ChainStore(directory: alias, genesis: fixture.chain.genesis).tip.height == 2,
            "the registration and one block of issuances")
    }
}
