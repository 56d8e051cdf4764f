/// A consensus message that no honest, up-to-date validator sends, classified so the shell can act on it
/// (as swift-nio-http2 classifies protocol errors): every fault is ignored, and a peer that keeps sending them
/// is disconnected (`Limits.peerFaultsBeforeDisconnect`).
public enum PeerFault: Sendable, Hashable, CustomStringConvertible {
    /// A vote signed by a key that is not a member of the set S(h) of the vote's height (a removed member's, say).
    case notAValidator(signer: KeyID)
    /// A vote whose signature or fields do not verify.
    case badSignature(kind: ConsensusMessageKind)
    /// A proposal from a validator that is not that round's proposer, or for another block than it signed.
    case wrongProposer(round: UInt32)
    /// A proposal without the round changes and prepares that justify it, or for a block our rules refuse.
    case unjustifiedProposal(round: UInt32)
    /// A ROUND-CHANGE that claims a prepared block without carrying the block and a quorum of prepares.
    case unprovenRoundChange(round: UInt32)
    /// A final block whose certificate does not hold.
    case finalBlockWithoutCertificate(height: UInt64)
    /// A final block, properly certified, that does not extend our chain: more than f validators are faulty.
    case finalBlockOffChain(height: UInt64)

    public var description: String {
        switch self {
        case .notAValidator(let signer): "message signed by \(signer.hex), not a validator of its height"
        case .badSignature(let kind): "bad \(kind) signature or fields"
        case .wrongProposer(let round): "proposal for round \(round) from the wrong proposer or for another block"
        case .unjustifiedProposal(let round): "unjustified or invalid proposal for round \(round)"
        case .unprovenRoundChange(let round): "round change for round \(round) with an unproven prepared block"
        case .finalBlockWithoutCertificate(let height): "final block \(height) without a valid certificate"
        case .finalBlockOffChain(let height): "final block \(height) does not extend our chain"
        }
    }
}
