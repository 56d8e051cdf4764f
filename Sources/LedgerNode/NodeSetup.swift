import Foundation
import LedgerCore
import LedgerStore
import Logging

/// Why a node could not start; says what to do about it.
struct NodeStartupError: Error, CustomStringConvertible {
    let description: String
}

/// The files a node runs from: its key, genesis and observer keys, loaded and checked. In dev mode, a key and a
/// single-validator genesis are created in the data directory on first start.
struct NodeSetup {
    static let developmentChainName = "mcledger-dev"
    static let developmentValidatorName = "dev"

    let configuration: NodeConfiguration
    let key: P256PrivateKey
    let genesis: Genesis
    let observers: [(name: String, key: P256PublicKey)]
    /// What dev mode created on this start, for the first log lines.
    let created: [String]

    var consensusStatePath: String { configuration.resolve("consensus.state") }

    static func prepare(_ configuration: NodeConfiguration, development: Bool) throws(NodeStartupError) -> NodeSetup {
        let keyPath = configuration.resolve(configuration.keyPath)
        let genesisPath = configuration.resolve(configuration.genesisPath)
        var created: [String] = []
        // Paths such as "../genesis.json" are resolved through the data directory, so it must exist first.
        do {
            try FileManager.default.createDirectory(
                atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw NodeStartupError(
                description: "cannot create the data directory \(configuration.dataDirectory): \(error)")
        }
        if development {
            created = try createDevelopmentFiles(
                dataDirectory: configuration.dataDirectory, keyPath: keyPath, genesisPath: genesisPath)
        }
        let key: P256PrivateKey
        do {
            key = try KeyFile.readPrivateKey(path: keyPath)
        } catch {
            throw NodeStartupError(
                description: "cannot read the node key \(keyPath): \(error). Create one with 'ledger keygen'.")
        }
        let genesis: Genesis
        do {
            let text = try KeyFile.readText(path: genesisPath, bytesMax: Limits.genesisBytesMax)
            genesis = try Genesis.parse(json: Array(text.utf8))
        } catch {
            throw NodeStartupError(
                description: "cannot read genesis \(genesisPath): \(error). Write one with 'ledger genesis'.")
        }
        recordGenesisLocation(configuration)
        var observers: [(name: String, key: P256PublicKey)] = []
        for path in configuration.observerKeyPaths {
            let resolved = configuration.resolve(path)
            do {
                let name = URL(fileURLWithPath: resolved).lastPathComponent.replacingOccurrences(
                    of: ".pub.pem", with: "")
                observers.append((name, try KeyFile.readPublicKey(path: resolved)))
            } catch {
                throw NodeStartupError(description: "cannot read observer key \(resolved) (p2p.observers): \(error)")
            }
        }
        return NodeSetup(
            configuration: configuration, key: key, genesis: genesis, observers: observers, created: created)
    }

    /// Writes DATA/genesis.location: the genesis path as the config names it, so that `ledger replay --data-dir`
    /// and `ledger export` find the same genesis (docs/STORAGE.md). Rewritten only when it changed; a failure to
    /// write it is not a reason to stop the node.
    private static func recordGenesisLocation(_ configuration: NodeConfiguration) {
        let path = configuration.resolve(ChainStore.genesisLocationFile)
        let text = configuration.genesisPath + "\n"
        guard (try? String(contentsOfFile: path, encoding: .utf8)) != text else { return }
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// First start of a dev node: a fresh key (mode 0600) and a genesis naming it the only validator.
    private static func createDevelopmentFiles(dataDirectory: String, keyPath: String, genesisPath: String)
        throws(NodeStartupError) -> [String]
    {
        let files = FileManager.default
        var created: [String] = []
        do {
            try files.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            if !files.fileExists(atPath: keyPath) {
                guard !files.fileExists(atPath: genesisPath) else {
                    throw NodeStartupError(
                        description:
                            "\(genesisPath) exists but the key \(keyPath) does not; restore the key or remove the data directory"
                    )
                }
                let key = try P256PrivateKey.generate()
                try KeyFile.writeNew(path: keyPath, contents: key.pkcs8PEM, mode: 0o600)
                created.append(keyPath)
            }
            if !files.fileExists(atPath: genesisPath) {
                let key = try KeyFile.readPrivateKey(path: keyPath)
                let genesis = try Genesis(
                    chainName: developmentChainName, genesisTimeMilliseconds: systemWallClock(),
                    validators: [(developmentValidatorName, key.publicKey)], parameters: .standard)
                try KeyFile.writeNew(path: genesisPath, contents: genesis.json, mode: 0o644)
                created.append(genesisPath)
            }
        } catch let error as NodeStartupError {
            throw error
        } catch {
            throw NodeStartupError(description: "cannot set up the dev node in \(dataDirectory): \(error)")
        }
        return created
    }
}
