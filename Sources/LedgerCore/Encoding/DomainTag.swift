/// ASCII prefixes that start every signed or identity-defining encoding, so a signature or hash made for one
/// purpose can never be read as another (a transaction body is never a commit message).
public enum DomainTag {
    /// Starts every transaction body.
    public static let transaction = "mcledger/tx/v1"
    /// Starts every commit message a validator signs.
    public static let commit = "mcledger/commit/v1"
    /// Starts every signed QBFT PROPOSAL, PREPARE and ROUND-CHANGE (a COMMIT signs the commit message).
    public static let consensus = "mcledger/qbft/v1"
    /// Starts the canonical genesis encoding whose hash is the chain id.
    public static let genesis = "mcledger/genesis/v2"
    /// Starts the encoding whose hash names a validator set in a header.
    public static let validatorSet = "mcledger/validator-set/v1"
    /// Starts what a joining validator's new key signs to prove it holds the key (a proposal's proof of possession).
    public static let validatorPossession = "mcledger/validator-pop/v1"
    /// Starts what an issuer's new key signs to prove it holds the key (a key rotation's proof of possession).
    public static let issuerKeyPossession = "mcledger/issuer-key-pop/v1"
    /// Starts the input whose hash is a record's key in the status map.
    public static let statusKey = "mcledger/status-key/v1"
    /// Starts the transcript each side of a peer-to-peer handshake signs.
    public static let peerHandshake = "mcledger/p2p-handshake/v1"
}
