/// Why a signed note is not a commit certificate of this chain.
public enum CommitNoteProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case notACheckpoint(FormatError)
    case badSignature(validator: String, verdict: SignatureVerdict)
    case tooFewSigners(count: Int, quorum: Int)

    public var description: String {
        switch self {
        case .notACheckpoint(let error): "the note is not this chain's commit checkpoint: \(error)"
        case .badSignature(let name, let verdict): "the signature of validator \(name) is invalid: \(verdict)"
        case .tooFewSigners(let count, let quorum): "\(count) validator signature(s), quorum is \(quorum)"
        }
    }
}

/// A commit certificate in its published form: the block's commit checkpoint as a c2sp.org/signed-note, one
/// signature line per seal (`CommitCertificate.note(for:genesis:)`). What `GET /v1/checkpoint` serves and proof
/// bundles carry.
public enum CommitNote {
    /// Every member's verifier key.
    public static func verifierKeys(_ validators: ValidatorSet) -> [NoteVerifierKey] {
        validators.members.map { validator in
            guard let key = try? NoteVerifierKey(keyName: validator.name, publicKey: validator.publicKey) else {
                preconditionFailure("a validator name is an identifier, so it is a valid key name")
            }
            return key
        }
    }

    /// Reads the checkpoint and checks the signatures as c2sp.org/signed-note §Signatures says: lines of unknown
    /// keys are ignored, one bad line of a validator rejects the note. The validators that signed must reach the
    /// quorum of `validators`, the set that certifies the checkpoint's height. Returns the checkpoint and the signers
    /// in the set's order.
    public static func verify(_ note: SignedNote, genesis: Genesis, validators: ValidatorSet) throws(CommitNoteProblem)
        -> (
            checkpoint: CommitCheckpoint, signers: [ValidatorRecord]
        )
    {
        let checkpoint: CommitCheckpoint
        do {
            checkpoint = try CommitCheckpoint.parse(
                text: note.text, chainName: genesis.chainName, chainID: genesis.chainID)
        } catch {
            throw .notACheckpoint(error)
        }
        let keys = verifierKeys(validators)
        var signed: Set<Int> = []
        for line in note.signatures {
            guard let index = keys.firstIndex(where: { $0.matches(line) }) else { continue }
            let verdict = keys[index].verify(line, text: note.text)
            guard verdict == .valid else { throw .badSignature(validator: keys[index].keyName, verdict: verdict) }
            signed.insert(index)
        }
        guard signed.count >= validators.quorum else {
            throw .tooFewSigners(count: signed.count, quorum: validators.quorum)
        }
        return (checkpoint, signed.sorted().map { validators.members[$0] })
    }
}
