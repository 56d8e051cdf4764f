import Foundation

// The ledger-node daemon (P2P over SwiftNIO, QBFT consensus, HTTP API) is built in later issues on top of the
// LedgerCore formats. Until then it says so plainly instead of pretending to run.
FileHandle.standardError.write(
    Data(
        """
        ledger-node: this build contains the LedgerCore foundation only (formats, crypto, Merkle proofs, chain rules).
        The node daemon is not implemented yet. Use `ledger` for keys, genesis files, digests and offline verification.

        """.utf8))
exit(1)
