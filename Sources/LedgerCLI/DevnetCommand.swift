import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `ledger devnet`: a local network of validators on loopback, for trying the ledger and for tests.
struct DevnetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet", abstract: "Create a local multi-validator network on loopback.",
        subcommands: [DevnetInitCommand.self, DevnetUpCommand.self])
}

/// `ledger devnet init --nodes N --dir DIR [--base-port P]`: keys, genesis, node configs and a demo issuer.
struct DevnetInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write genesis, one config and key per validator, and a demo issuer key with its registration.",
        discussion: """
            Node i (from 1) gets its API on BASE-PORT + 2(i-1) and P2P on the next port. Start each with \
            'ledger-node --config DIR/node-i.toml'. DIR/issuer-registration.json is a ready POST \
            /v1/transactions body registering the demo issuer (key DIR/issuer.key.pem).
            """)

    @Option(name: .long, help: "Number of validators (1–16).")
    var nodes: Int = 4

    @Option(name: .long, help: "Directory to create; it must not exist or be empty.")
    var dir: String

    @Option(name: .long, help: "First port; each node uses two consecutive ports.")
    var basePort: Int = 7170

    @Option(name: .long, help: "Non-voting observer nodes (0–4) to add, as auditors run; their ports follow.")
    var observers: Int = 0

    @Flag(
        name: .long, help: "Also write the sample catalogue (100 entries from 15 institutions) for 'devnet up' to load."
    )
    var withCatalogue = false

    @Option(name: .long, help: "With --with-catalogue: load this catalogue file instead of the sample.")
    var catalogue: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if catalogue != nil && !withCatalogue { throw ValidationError("--catalogue goes with --with-catalogue") }
        guard (1...16).contains(nodes) else { throw ValidationError("--nodes must be from 1 to 16") }
        guard (0...4).contains(observers) else { throw ValidationError("--observers must be from 0 to 4") }
        guard (1_024...(65_535 - 2 * (nodes + observers))).contains(basePort) else {
            throw ValidationError(
                "--base-port must leave room for \(2 * (nodes + observers)) ports between 1024 and 65535")
        }
    }

    func run() throws {
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: dir), !existing.isEmpty {
            throw CLIFailure.usage("'\(dir)' exists and is not empty; choose a new --dir")
        }
        do {
            try files.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw CLIFailure.usage("cannot create '\(dir)': \(error.localizedDescription)")
        }
        let plan = DevnetPlan(nodes: nodes, observers: observers, basePort: basePort)
        var keys: [P256PrivateKey] = []
        for node in plan.nodes + plan.observers {
            try files.createDirectory(atPath: dir + "/" + node.name, withIntermediateDirectories: true)
            let key = try P256PrivateKey.generate()
            try KeyFile.writeKeyPair(key, prefix: dir + "/\(node.name)/node")
            keys.append(key)
        }
        let genesis = try Genesis(
            chainName: "devnet", genesisTimeMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000),
            validators: zip(plan.nodes, keys).map { ($0.name, $1.publicKey) }, parameters: .standard)
        try KeyFile.writeNew(path: dir + "/genesis.json", contents: genesis.json, mode: 0o644)
        for node in plan.nodes + plan.observers {
            try KeyFile.writeNew(path: dir + "/\(node.name).toml", contents: plan.configuration(for: node), mode: 0o644)
        }
        let issuer = try P256PrivateKey.generate()
        try KeyFile.writeKeyPair(issuer, prefix: dir + "/issuer")
        let registration = try SignedTransaction.sign(
            TransactionBody(
                chainID: genesis.chainID, authorKeyID: keys[0].publicKey.keyID,
                payload: .registerIssuer(
                    RegisterIssuer(
                        issuerID: DevnetPlan.issuerID, displayName: "Demo Institute of Short Courses", country: "JM",
                        publicKey: issuer.publicKey.spkiDER, accreditationNotes: "devnet demo issuer"))),
            with: keys[0])
        let body = JSONWriter.pretty(.object([JSONMember("transaction", .string(Base64.encode(registration.encoded)))]))
        try KeyFile.writeNew(path: dir + "/issuer-registration.json", contents: body + "\n", mode: 0o644)
        let loaded = withCatalogue ? try writeCatalogue(genesis: genesis, authority: keys[0]) : nil
        report(plan, genesis: genesis, catalogue: loaded)
    }

    private func describe(_ node: DevnetPlan.Node) -> JSONValue {
        .object([
            JSONMember("name", .string(node.name)),
            JSONMember("config", .string(dir + "/\(node.name).toml")),
            JSONMember("api", .string("http://127.0.0.1:\(node.apiPort)")),
            JSONMember("p2p", .string("127.0.0.1:\(node.p2pPort)")),
            JSONMember("dataDir", .string(dir + "/" + node.name)),
        ])
    }

    /// Signs the catalogue's registrations (by the first authority) and entries (by new issuer keys in
    /// DIR/catalogue-keys) into DIR/catalogue.json, which `devnet up` submits.
    private func writeCatalogue(genesis: Genesis, authority: P256PrivateKey) throws -> CatalogueFile {
        let bytes: [UInt8]
        let source = catalogue ?? "the sample catalogue"
        if let catalogue {
            bytes = try CLIOutput.readFile(catalogue, what: "--catalogue", bytesMax: 4 << 20)
        } else {
            bytes = Array(SampleCatalogue.json.utf8)
        }
        let file = try CatalogueFile.parse(bytes, source: source)
        let transactions = try file.transactions(
            genesis: genesis, authority: authority, keyDirectory: dir + "/" + DevnetPlan.catalogueKeys)
        let body = JSONWriter.pretty(
            .object([JSONMember("transactions", .array(transactions.map { .string(Base64.encode($0.encoded)) }))]))
        try KeyFile.writeNew(path: dir + "/" + DevnetPlan.catalogueFile, contents: body + "\n", mode: 0o644)
        return file
    }

    private func report(_ plan: DevnetPlan, genesis: Genesis, catalogue: CatalogueFile?) {
        if json {
            let catalogueMembers =
                catalogue.map { file -> [JSONMember] in
                    [
                        JSONMember(
                            "catalogue",
                            .object([
                                JSONMember("transactions", .string(dir + "/" + DevnetPlan.catalogueFile)),
                                JSONMember("issuerKeys", .string(dir + "/" + DevnetPlan.catalogueKeys)),
                                JSONMember("issuers", .number(Double(file.issuers.count))),
                                JSONMember("entries", .number(Double(file.entries.count))),
                            ]))
                    ]
                } ?? []
            CLIOutput.write(
                json: .object(
                    catalogueMembers + [
                        JSONMember("chainId", .string(genesis.chainID.hex)),
                        JSONMember("genesis", .string(dir + "/genesis.json")),
                        JSONMember("issuerId", .string(DevnetPlan.issuerID)),
                        JSONMember("issuerKey", .string(dir + "/issuer.key.pem")),
                        JSONMember("issuerRegistration", .string(dir + "/issuer-registration.json")),
                        JSONMember("nodes", .array(plan.nodes.map { describe($0) })),
                        JSONMember("observers", .array(plan.observers.map { describe($0) })),
                    ]))
            return
        }
        CLIOutput.write("wrote a \(plan.nodes.count)-validator devnet in \(dir) (chain id \(genesis.chainID.hex))")
        for node in plan.nodes + plan.observers {
            CLIOutput.write(
                "  \(node.name): ledger-node --config \(dir)/\(node.name).toml   API http://127.0.0.1:\(node.apiPort)  P2P 127.0.0.1:\(node.p2pPort)"
            )
        }
        CLIOutput.write("demo issuer '\(DevnetPlan.issuerID)': key \(dir)/issuer.key.pem")
        CLIOutput.write(
            "register it: curl -X POST --data @\(dir)/issuer-registration.json http://127.0.0.1:\(plan.nodes[0].apiPort)/v1/transactions"
        )
        if let catalogue {
            CLIOutput.write(
                "catalogue: \(catalogue.entries.count) entries from \(catalogue.issuers.count) institutions in "
                    + "\(dir)/\(DevnetPlan.catalogueFile) (their keys in \(dir)/\(DevnetPlan.catalogueKeys)); "
                    + "'ledger devnet up --dir \(dir)' loads it")
        }
    }
}

/// Names and ports of a devnet's nodes, and their configuration files.
struct DevnetPlan {
    struct Node {
        let name: String
        let apiPort: Int
        let p2pPort: Int
    }

    static let issuerID = "demo-institute"
    /// The catalogue's signed transactions, a POST /v1/transactions body, and the issuers' keys.
    static let catalogueFile = "catalogue.json"
    static let catalogueKeys = "catalogue-keys"
    let nodes: [Node]
    /// Non-voting nodes: they dial every validator, and every validator lists their keys in `p2p.observers`.
    let observers: [Node]

    init(nodes count: Int, observers observerCount: Int = 0, basePort: Int) {
        nodes = (0..<count).map {
            Node(name: "node-\($0 + 1)", apiPort: basePort + 2 * $0, p2pPort: basePort + 2 * $0 + 1)
        }
        observers = (0..<observerCount).map {
            Node(
                name: "observer-\($0 + 1)", apiPort: basePort + 2 * (count + $0),
                p2pPort: basePort + 2 * (count + $0) + 1)
        }
    }

    /// Paths are relative to the config file's directory (data_dir) and to the data directory (the rest).
    func configuration(for node: Node) -> String {
        let isObserver = observers.contains { $0.name == node.name }
        // Validators dial each other; observers dial validators (who accept them by key) and are not dialed.
        let peers = nodes.filter { $0.name != node.name }.map { "\"127.0.0.1:\($0.p2pPort)\"" }
        var text = """
            # \(node.name) of a \(nodes.count)-validator loopback devnet (written by `ledger devnet init`).
            # Every key is documented in docs/CONFIG.md.

            [node]
            data_dir = "\(node.name)"
            genesis = "../genesis.json"
            key = "node.key.pem"

            [api]
            listen = "127.0.0.1:\(node.apiPort)"

            [p2p]
            listen = "127.0.0.1:\(node.p2pPort)"
            peers = [\(peers.joined(separator: ", "))]

            """
        if !isObserver && !observers.isEmpty {
            let keys = observers.map { "\"../\($0.name)/node.pub.pem\"" }
            text += "observers = [\(keys.joined(separator: ", "))]\n"
        }
        return text
    }
}
