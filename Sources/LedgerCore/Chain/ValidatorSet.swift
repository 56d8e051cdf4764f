/// The hash a version-2 header commits for a validator set:
/// SHA-256("mcledger/validator-set/v1" ‖ u16 count ‖ (name text ‖ SPKI DER bytes)… in proposer-rotation order).
/// Until validators change by vote, every header's current and next set is the genesis set (docs/FORMATS.md).
public enum ValidatorSetHash {
    public static func of(_ validators: [ValidatorRecord]) -> SHA256Digest {
        var writer = CanonicalWriter()
        writer.write(raw: DomainTag.validatorSet.utf8)
        writer.write(UInt16(validators.count))
        for validator in validators {
            writer.write(text: validator.name, bytesMax: Limits.validatorNameBytesMax)
            writer.write(bytes: validator.publicKey.spkiDER, bytesMax: Limits.publicKeyBytesMax)
        }
        return SHA256.hash(writer.bytes)
    }
}
