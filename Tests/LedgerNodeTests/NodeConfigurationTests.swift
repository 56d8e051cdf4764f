import Foundation
import LedgerCore
import LedgerTesting
import Testing

@testable import LedgerNode
@testable import LedgerRuntime

@Suite("Node configuration (docs/CONFIG.md)")
struct NodeConfigurationTests {
    @Test("an empty file gives every default; dev mode uses the same defaults")
    func defaults() throws {
        let configuration = try NodeConfiguration.parse("")
        #expect(configuration.dataDirectory == "./ledger-data")
        #expect(
            configuration.apiListen.description == "127.0.0.1:7070"
                && configuration.p2pListen.description == "127.0.0.1:7071")
        #expect(configuration.keyPath == "node.key.pem" && configuration.heartbeatIntervalSeconds == 60)
    }

    @Test("every documented key is read")
    func allKeys() throws {
        let configuration = try NodeConfiguration.parse(
            """
            [node]
            data_dir = "/var/lib/mcledger"
            genesis = "/etc/mcledger/genesis.json"
            key = "keys/jamaica.key.pem"
            log_level = "debug"
            [api]
            listen = "0.0.0.0:8080"
            max_body_bytes = 2048
            [p2p]
            listen = "0.0.0.0:9000"
            peers = ["10.0.0.2:9000", "10.0.0.3:9000"]
            observers = ["observers/auditor.pub.pem"]
            max_outbound_bytes = 2097152
            max_inbound_messages = 100
            max_inbound_bytes = 4194304
            [consensus]
            tick_milliseconds = 25
            round_timeout_base_ticks = 40
            round_timeout_cap_ticks = 4000
            retransmit_interval_ticks = 10
            heartbeat_interval_seconds = 0
            [batching]
            max_transactions = 500
            max_bytes = 65536
            batch_delay_milliseconds = 20
            [mempool]
            max_transactions = 1000
            max_bytes = 1048576
            """)
        #expect(configuration.dataDirectory == "/var/lib/mcledger")
        #expect(configuration.resolve(configuration.keyPath) == "/var/lib/mcledger/keys/jamaica.key.pem")
        #expect(configuration.observerKeyPaths == ["observers/auditor.pub.pem"])
        #expect(configuration.peerOutboundBytesMax == 2_097_152 && configuration.peerInboundMessagesMax == 100)
        #expect(configuration.peerInboundBytesMax == 4_194_304)
        #expect(configuration.resolve(configuration.genesisPath) == "/etc/mcledger/genesis.json")
        #expect(configuration.apiListen.port == 8080 && configuration.apiBodyBytesMax == 2048)
        #expect(configuration.peers.count == 2 && configuration.p2pListen.host == "0.0.0.0")
        #expect(configuration.tickMilliseconds == 25 && configuration.roundTimeoutCapTicks == 4000)
        #expect(configuration.batchTransactionsMax == 500 && configuration.heartbeatIntervalSeconds == 0)
        #expect(configuration.mempoolTransactionsMax == 1000 && configuration.logLevel == "debug")
    }

    @Test("mistakes are refused with the key named: unknown keys, wrong types, ranges, bad addresses, bad TOML")
    func refusals() {
        let cases: [(String, String)] = [
            ("[api]\nlisen = \"127.0.0.1:1\"", "api.lisen"),
            ("[nodes]\ndata_dir = \"x\"", "nodes"),
            ("[api]\nlisten = \"localhost\"", "api.listen"),
            ("[api]\nlisten = \"127.0.0.1:99999\"", "api.listen"),
            ("[batching]\nmax_transactions = 0", "batching.max_transactions"),
            ("[batching]\nallow_empty_blocks = true", "replaced by consensus.heartbeat_interval_seconds"),
            ("[consensus]\nheartbeat_interval_seconds = -1", "consensus.heartbeat_interval_seconds"),
            ("[consensus]\nround_timeout_base_ticks = 50\nround_timeout_cap_ticks = 10", "round_timeout_cap_ticks"),
            ("[node]\nlog_level = \"loud\"", "node.log_level"),
            ("[p2p]\npeers = [1, 2]", "p2p.peers"),
            ("[p2p]\npeers = [\"jamaica\"]", "p2p.peers"),
            ("[p2p]\nmax_inbound_messages = 1", "p2p.max_inbound_messages"),
            ("[api\nlisten=", "TOML"),
        ]
        for (text, key) in cases {
            do {
                _ = try NodeConfiguration.parse(text)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains(key), "\(error)")
            }
        }
    }
}

@Suite("docs/CONFIG.md and config/ are true")
struct ConfigurationDocumentTests {
    static let root = OpenAPIDocumentTests.repositoryRoot

    /// Rows "| `section.key` | `default` | meaning |" of docs/CONFIG.md.
    static func documentedDefaults() throws -> [(section: String, key: String, value: String)] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/CONFIG.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3, cells[0].hasPrefix("`"), cells[1].hasPrefix("`"), cells[0].contains(".") else {
                return nil
            }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let parts = name.split(separator: ".")
            guard parts.count == 2, !name.contains("{") else { return nil }
            return (
                String(parts[0]), String(parts[1]), cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            )
        }
    }

    @Test("every key the parser accepts is documented, and the documented defaults are the built-in ones")
    func documentedDefaultsAreTrue() throws {
        let rows = try Self.documentedDefaults()
        var documented: [String: Set<String>] = [:]
        for row in rows { documented[row.section, default: []].insert(row.key) }
        #expect(documented == NodeConfiguration.keys)
        let toml = Dictionary(grouping: rows, by: \.section).map { section, rows in
            "[\(section)]\n" + rows.map { "\($0.key) = \($0.value)" }.joined(separator: "\n")
        }.joined(separator: "\n\n")
        #expect(try NodeConfiguration.parse(toml) == NodeConfiguration.development, "\(toml)")
    }

    @Test("the sample node files parse; the devnet sample is what 'ledger devnet init' writes")
    func samples() throws {
        let devnet = Self.root.appendingPathComponent("config/devnet-4")
        let generated = try ProcessRunner.temporaryDirectory(prefix: "mcledger-devnet-sample")
        defer { try? FileManager.default.removeItem(at: generated) }
        let directory = generated.appendingPathComponent("net")
        let result = try ProcessRunner.run(
            ProcessRunner.builtProduct("ledger"), ["devnet", "init", "--nodes", "4", "--dir", directory.path])
        #expect(result.status == 0, "\(result.standardError)")
        for index in 1...4 {
            let name = "node-\(index).toml"
            let sample = try String(contentsOf: devnet.appendingPathComponent(name), encoding: .utf8)
            #expect(sample == (try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)))
            let configuration = try NodeConfiguration.load(path: devnet.appendingPathComponent(name).path)
            #expect(configuration.apiListen.port == 7170 + 2 * (index - 1) && configuration.peers.count == 3)
        }
        let member = Self.root.appendingPathComponent("config/member-states.example")
        let jamaica = try NodeConfiguration.load(path: member.appendingPathComponent("jamaica.toml").path)
        #expect(jamaica.peers.count == 7 && jamaica.observerKeyPaths.count == 1)
        let text = try String(contentsOf: member.appendingPathComponent("genesis.example.json"), encoding: .utf8)
        let genesis = try Genesis.parse(json: Array(text.utf8))
        #expect(
            genesis.validatorSet.count == 8 && genesis.validatorSet.quorum == 6
                && genesis.validatorSet.faultTolerance == 2)
        #expect(
            genesis.validators.map(\.name) == [
                "CXC", "Barbados", "Belize", "Grenada", "Guyana", "Jamaica", "St-Kitts-and-Nevis",
                "Trinidad-and-Tobago",
            ])
        #expect(genesis.parameters.minValidators == 4)
        let bahamas = try NodeConfiguration.load(path: member.appendingPathComponent("bahamas-joining.toml").path)
        #expect(bahamas.peers.count == 8 && bahamas.observerKeyPaths.isEmpty)
        // Nine members: the same q = 6 and f = 2.
        #expect(ValidatorSet.quorum(validatorCount: 9) == 6 && (9 - 1) / 3 == 2)
    }
}
