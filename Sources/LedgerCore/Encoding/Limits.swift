/// Every bound the ledger enforces, in one place; each has a one-line reason. `LimitsTests` checks how they relate.
public enum Limits {
    /// Credential, issuer and definition ids appear in URLs and proofs; 64 bytes fits a UUID or a ULID with a prefix.
    public static let identifierBytesMax = 64
    /// Institution names and course titles are shown to people; 200 bytes is a long title in any script.
    public static let displayTextBytesMax = 200
    /// Accreditation notes are a short free-text reference, not a document; documents stay off chain.
    public static let notesBytesMax = 1_000
    /// RFC 5646 §4.4.1 asks implementations to support language tags of at least 35 characters.
    public static let languageTagBytesMax = 35
    /// A catalogue entry lists a few headline outcomes; the full syllabus stays off chain.
    public static let learningOutcomesMax = 8
    /// A pathway stacks a handful of short awards into a larger one; 16 is well beyond the study's examples.
    public static let pathwayComponentsMax = 16
    /// An accreditation names at most this many entries; a wider one accredits the issuer for kinds instead.
    public static let accreditationEntriesMax = 32
    /// One range revocation covers at most this many issuances, so its block stays small; split a larger range.
    public static let rangeRevocationCredentialsMax = 10_000
    /// A chain name is a label in logs and file names.
    public static let chainNameBytesMax = 64
    /// A validator name is a member-state label such as "jamaica".
    public static let validatorNameBytesMax = 64
    /// P-256 SubjectPublicKeyInfo DER with an uncompressed point is exactly 91 bytes.
    public static let publicKeyBytesMax = P256PublicKey.spkiBytesMax
    /// A DER ECDSA P-256 signature is at most 72 bytes (two 33-byte INTEGERs with headers).
    public static let signatureBytesMax = ECDSASignatureForm.derBytesMax
    /// The largest body (a pathway entry with every list and text full) is under 3.1 KiB; 4 KiB leaves room.
    public static let transactionBodyBytesMax = 4_096
    /// A signed transaction is its body, a signature and two length prefixes.
    public static let signedTransactionBytesMax = transactionBodyBytesMax + signatureBytesMax + 3
    /// A block of this many transactions validates in about a second of signature checks on 2 cores.
    public static let transactionsPerBlockMax = 20_000
    /// Bounds block size on the wire and on disk; 10,000 typical transactions are about 3 MiB.
    public static let blockBytesMax = 16 * 1024 * 1024
    /// QBFT needs n ≥ 3f + 1; 100 validators is far beyond the region's member states.
    public static let validatorsMax = 100
    /// A validator-set proposal lives at most this many blocks (genesis `proposalLifetimeBlocks`).
    public static let proposalLifetimeBlocksMax: UInt64 = 100_000_000
    /// A consensus message carries at most one block plus two justifications of `validatorsMax` votes.
    public static let consensusMessageBytesMax = blockBytesMax + 64 * 1024
    /// Messages for future heights a validator keeps while it catches up; beyond this they are dropped.
    public static let futureConsensusMessagesMax = 4_096
    /// A round change further ahead than this is ignored: rounds are cheap, but a Byzantine validator must not be
    /// able to push honest rounds toward overflow.
    public static let roundJumpMax: UInt32 = 1_024
    /// A Merkle path is at most one node per tree level, and tree sizes are 64-bit.
    public static let merkleProofLengthMax = 64
    /// A credential document (Open Badges 3.0 JSON or a PDF) is hashed off chain; 16 MiB bounds memory.
    public static let credentialDocumentBytesMax = 16 * 1024 * 1024
    /// JSON nesting deeper than this is an attack, not a credential.
    public static let jsonDepthMax = 64
    /// A proof bundle is a few KiB; 1 MiB refuses garbage before parsing it.
    public static let proofBundleBytesMax = 1024 * 1024
    /// A proof follows at most this many validator-set handoffs from genesis: each is about 4.4 KB of JSON for 8–9
    /// members, so 200 fit in `proofBundleBytesMax` with the rest of a bundle (about 20 territories may join).
    public static let handoffsMax = 200
    /// A genesis file lists at most `validatorsMax` keys; 1 MiB is generous.
    public static let genesisBytesMax = 1024 * 1024
    /// Signatures kept for re-signing: a few per round, and rounds at one height stay few (timeouts double).
    public static let storedSignaturesMax = 4_096
    /// Faulty consensus messages a node ignores from one peer before it disconnects it: a few can come from an
    /// honest peer on a stale view, a stream of them only from a faulty or hostile one.
    public static let peerFaultsBeforeDisconnect = 16
    /// A persisted consensus state: a lock (a proposal and its prepare certificate, each at most a block) and the
    /// stored signatures (slot and signature, under 128 bytes each).
    public static let consensusStateBytesMax = 2 * blockBytesMax + storedSignaturesMax * 128
    /// Clocks of member-state nodes may disagree by this much before a block is refused as from the future.
    public static let clockDriftMillisecondsMax: UInt64 = 15_000
    /// Issue times may precede the block (offline signing) but a certificate dated far ahead is refused.
    public static let issueTimeAheadMillisecondsMax: UInt64 = 5 * 60 * 1000
}
