import Foundation
import LedgerCore

/// `mcledger.epochs-seen.v1`: the validator-set epochs a verifier has checked before (`ledger verify --epochs-seen`),
/// so that a history forged with retired keys, disagreeing with one it saw, is refused.
enum EpochsSeenFile {
    static let formatName = "mcledger.epochs-seen.v1"

    /// The epochs in the file, or none when it does not exist yet; a file for another chain is refused.
    static func read(_ path: String, genesis: Genesis) throws -> [ValidatorEpochDigest] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let bytes = try CLIOutput.readFile(path, what: "epochs-seen file", bytesMax: 1 << 20)
        do {
            let root = try JSONParser.parse(bytes)
            let fields = try JSONFields(root, path: "", allowed: ["format", "chainId", "epochs"])
            guard try fields.string("format") == formatName else {
                throw FormatError.invalidValue(field: "format", reason: "must be \"\(formatName)\"")
            }
            guard try fields.digest("chainId") == genesis.chainID else {
                throw CLIFailure.usage("--epochs-seen \(path) is for another chain; give one file per chain")
            }
            return try fields.array("epochs", countMax: 100_000).enumerated().map { index, value in
                let epoch = try JSONFields(
                    value, path: "epochs[\(index)]", allowed: ["epoch", "startHeight", "validatorSetHash"])
                let number = try epoch.unsignedInteger("epoch")
                guard number <= UInt64(UInt32.max) else {
                    throw FormatError.invalidValue(field: epoch.field("epoch"), reason: "out of range")
                }
                return ValidatorEpochDigest(
                    number: UInt32(number), startHeight: try epoch.unsignedInteger("startHeight"),
                    validatorSetHash: try epoch.digest("validatorSetHash"))
            }
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.usage("--epochs-seen \(path) is not an epochs-seen file: \(error)")
        }
    }

    static func write(_ epochs: [ValidatorEpochDigest], to path: String, genesis: Genesis) throws {
        let value = JSONValue.object([
            JSONMember("format", .string(formatName)), JSONMember("chainId", .string(genesis.chainID.hex)),
            JSONMember(
                "epochs",
                .array(
                    epochs.map {
                        .object([
                            JSONMember("epoch", .number(Double($0.number))),
                            JSONMember("startHeight", .number(Double($0.startHeight))),
                            JSONMember("validatorSetHash", .string($0.validatorSetHash.hex)),
                        ])
                    })),
        ])
        try OutputFile.save(
            Array(JSONWriter.pretty(value).utf8), to: path, option: "--epochs-seen", mode: 0o644, force: true)
    }
}
