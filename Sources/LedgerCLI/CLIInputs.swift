import Foundation
import LedgerCore
import LedgerStore

/// What a file given on the command line turns out to be, so that a wrong file is named for what it is.
enum LedgerFileKind: Equatable, CustomStringConvertible {
    case proofBundle, statusProof, genesis, verificationPackage, chainExport, credentialDocument, privateKey, publicKey
    case otherJSON, other

    var description: String {
        switch self {
        case .proofBundle: "a proof bundle (\(ProofBundle.formatName))"
        case .statusProof: "a status proof (\(StatusProofDocument.formatName))"
        case .genesis: "a genesis file (\(Genesis.formatName))"
        case .verificationPackage: "a verification package (\(VerificationPackage.formatName))"
        case .chainExport: "a chain export (written by 'ledger export')"
        case .credentialDocument: "a credential document (a verifiable credential or Open Badge)"
        case .privateKey: "a private key (PEM)"
        case .publicKey: "a public key (PEM)"
        case .otherJSON: "a JSON file of no ledger format"
        case .other: "not a ledger file"
        }
    }

    static func identify(_ bytes: [UInt8]) -> LedgerFileKind {
        if bytes.starts(with: Array("mcledger/export/".utf8)) { return .chainExport }
        let text = String(decoding: bytes.prefix(64), as: UTF8.self)
        if text.contains("-----BEGIN PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----") {
            return .privateKey
        }
        if text.contains("-----BEGIN PUBLIC KEY-----") { return .publicKey }
        guard let value = try? JSONParser.parse(bytes, bytesMax: VerificationPackage.bytesMax) else { return .other }
        switch value["format"]?.stringValue {
        case ProofBundle.formatName?: return .proofBundle
        case StatusProofDocument.formatName?: return .statusProof
        case Genesis.formatName?: return .genesis
        case VerificationPackage.formatName?: return .verificationPackage
        default: break
        }
        if value["format"]?.stringValue?.hasPrefix("mcledger.proof.") == true { return .proofBundle }
        if value["@context"] != nil || value["credentialSubject"] != nil { return .credentialDocument }
        return .otherJSON
    }

    /// What to pass where this kind of file was given instead of `expected`.
    static func mismatch(path: String, option: String, found: LedgerFileKind, expected: LedgerFileKind) -> String {
        var message = "\(option) '\(path)' is \(found), not \(expected)."
        switch (expected, found) {
        case (.proofBundle, .credentialDocument):
            message +=
                " Pass the credential with --credential, and the proof bundle that 'ledger proof ID --out FILE'"
                + " wrote as the first argument."
        case (.proofBundle, .genesis):
            message += " Give the proof bundle as the first argument and the genesis with --genesis."
        case (.proofBundle, .chainExport):
            message += " To check a whole chain, run 'ledger replay --export \(path)'."
        case (.proofBundle, _):
            message += " Fetch a credential's proof bundle with 'ledger proof CREDENTIAL_ID --out FILE'."
        case (.genesis, .proofBundle):
            message += " Give the chain's genesis file (genesis.json beside a node's data) with --genesis."
        case (.chainExport, .other) where FileManager.default.fileExists(atPath: path + "/blocks.log"):
            message += " It is a node's data directory: run 'ledger replay --data-dir \(path)'."
        case (.chainExport, _):
            message +=
                " Write one with 'ledger export --data-dir DIR --out FILE', or replay a node's data with"
                + " 'ledger replay --data-dir DIR'."
        default: break
        }
        return message
    }
}

/// Reading the documents and secrets that `issue`, `digest` and `verify` take.
enum CLIInputs {
    /// A credential document and its digest, by the rule that issuer and verifier share (`DocumentDigest`):
    /// a file that must be JSON but does not parse is refused with the parse error, unless `raw`.
    static func readDocument(_ path: String, option: String, raw: Bool) throws -> (
        bytes: [UInt8], digest: DocumentDigest.Computed
    ) {
        let bytes = try CLIOutput.readFile(
            path, what: "credential document", bytesMax: Limits.credentialDocumentBytesMax)
        do {
            return (bytes, try DocumentDigest.compute(bytes, reading: raw ? .raw : .automatic(fileName: path)))
        } catch {
            throw CLIFailure.usage(
                "\(option) \(error). Fix the document, or pass --raw to take its raw bytes as they are "
                    + "(issuer and verifier must then both pass --raw).", code: "document_not_json")
        }
    }

    /// A node's data directory, checked, and its genesis: `--genesis`, else `DIR/genesis.json`, else the genesis
    /// the node's config named (`DIR/genesis.location`). Each failure says which of these to fix.
    static func dataDirectory(_ directory: String, genesis explicit: String?) throws -> Genesis {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw CLIFailure.usage("--data-dir \(directory): no such directory. Give a node's data directory.")
        }
        guard isDirectory.boolValue else {
            let kind = LedgerFileKind.identify(
                (try? CLIOutput.readFile(directory, what: "file", bytesMax: 1 << 20)) ?? [])
            let hint = kind == .chainExport ? " It is a chain export: use --export \(directory)." : ""
            throw CLIFailure.usage("--data-dir \(directory) is a file, not a directory.\(hint)")
        }
        guard FileManager.default.fileExists(atPath: directory + "/blocks.log") else {
            throw CLIFailure.usage(
                "--data-dir \(directory) is not a node's data directory: it holds no blocks.log. Give the directory "
                    + "named by node.data_dir in the node's config.")
        }
        if let explicit { return try CLIOutput.readGenesis(explicit) }
        let beside = directory + "/genesis.json"
        if FileManager.default.fileExists(atPath: beside) { return try CLIOutput.readGenesis(beside) }
        let location = directory + "/" + ChainStore.genesisLocationFile
        if let recorded = try? String(contentsOfFile: location, encoding: .utf8) {
            let path = recorded.trimmingCharacters(in: .whitespacesAndNewlines)
            let resolved = path.hasPrefix("/") ? path : directory + "/" + path
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw CLIFailure.usage(
                    "the node's config named the genesis \(resolved) (recorded in \(location)), which does not "
                        + "exist now. Pass --genesis FILE.")
            }
            return try CLIOutput.readGenesis(resolved)
        }
        throw CLIFailure.usage(
            "no genesis for --data-dir \(directory): there is no \(beside), and no node recorded its config's genesis "
                + "there. Pass --genesis FILE (the node.genesis of its config).")
    }

    /// A credential id as the user gives it: the anchored id, or the document's id as printed (`urn:uuid:…`).
    static func credentialID(_ printed: String, option: String) throws -> String {
        let id = CredentialIdentifier.anchored(fromPrinted: printed)
        do {
            try CredentialIdentifier.check(id)
        } catch {
            throw CLIFailure.usage("\(option) '\(printed)': \(error)", code: "invalid_id")
        }
        return id
    }

    /// A learner's salt: a file holding hex (as `issue --salt-out` writes it), or the hex itself.
    static func readSalt(_ argument: String) throws -> [UInt8] {
        var text = argument
        var isFile = false
        if FileManager.default.fileExists(atPath: argument) {
            let bytes = try CLIOutput.readFile(argument, what: "salt file", bytesMax: 1024)
            text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            isFile = true
        }
        guard let salt = Hex.decode(text), !salt.isEmpty, salt.count <= 64 else {
            throw CLIFailure.usage(
                isFile
                    ? "--salt file '\(argument)' does not hold a hex salt (as 'ledger issue --salt-out' writes it)"
                    : "--salt '\(argument)' is neither a file nor a hex salt (1 to 64 bytes)")
        }
        return salt
    }
}
