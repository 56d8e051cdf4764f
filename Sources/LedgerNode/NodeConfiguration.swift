import Foundation
import LedgerCore
import LedgerRuntime
import LedgerStore
import TOMLKit

/// A host and port to listen on or connect to, written "host:port".
struct SocketAddressText: Sendable, Hashable, CustomStringConvertible {
    let host: String
    let port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    init(parsing text: String, key: String) throws(NodeConfigurationError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65_535).contains(port),
            colon != text.startIndex
        else { throw .invalid(key: key, reason: "must be host:port with a port 1–65535, got \"\(text)\"") }
        host = String(text[..<colon])
        self.port = port
    }

    var description: String { "\(host):\(port)" }
}

/// Why a configuration file was refused; names the key and what to write instead.
enum NodeConfigurationError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case syntax(String)
    case unknownKey(String)
    case invalid(key: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read configuration \(path): \(reason)"
        case .syntax(let reason): "configuration is not valid TOML: \(reason)"
        case .unknownKey(let key): "unknown configuration key \"\(key)\" (see docs/CONFIG.md for the keys)"
        case .invalid(let key, let reason): "configuration key \"\(key)\" \(reason)"
        }
    }
}

/// Everything a node reads from its TOML file (docs/CONFIG.md). Every key has a default; dev mode uses them all.
/// These are the only defaults of the node's settings: `RuntimeSettings` and `PeerLimits` are made from them.
struct NodeConfiguration: Sendable, Equatable {
    /// Where the store, keys and genesis live.
    var dataDirectory = "./ledger-data"
    /// The genesis file; relative paths are inside the data directory.
    var genesisPath = "genesis.json"
    /// The node's private key (PKCS#8 PEM). If genesis lists its public key the node votes; otherwise it is an
    /// observer, which must be listed in its peers' `p2p.observers`.
    var keyPath = "node.key.pem"
    var apiListen = SocketAddressText(host: "127.0.0.1", port: 7070)
    /// Largest HTTP request body accepted.
    var apiBodyBytesMax = 1 << 20
    var p2pListen = SocketAddressText(host: "127.0.0.1", port: 7071)
    /// Other nodes to dial, "host:port"; who they are is learned (and checked) at the handshake.
    var peers: [SocketAddressText] = []
    /// Public keys (PEM files) of observer nodes allowed to connect, besides the genesis validators.
    var observerKeyPaths: [String] = []
    var peerOutboundBytesMax = 64 << 20
    var peerInboundMessagesMax = 4_096
    var peerInboundBytesMax = 64 << 20
    /// One consensus tick; round timeouts are counted in ticks.
    var tickMilliseconds = 10
    var roundTimeoutBaseTicks = 100
    var roundTimeoutCapTicks = 6_000
    var retransmitIntervalTicks = 100
    /// A block closes at this many transactions (capped by genesis)…
    var batchTransactionsMax = 2_000
    /// …or this many bytes…
    var batchBytesMax = 4 << 20
    /// …or once the oldest waiting transaction has waited this long.
    var batchDelayMilliseconds = 20
    /// With nothing pending, an empty heartbeat block this long after the last block; 0 turns heartbeats off.
    var heartbeatIntervalSeconds = 60
    /// Transactions waiting in the mempool, at most.
    var mempoolTransactionsMax = 100_000
    var mempoolBytesMax = 64 << 20
    /// One of `logLevels`.
    var logLevel = "info"
    /// Heights whose status-tree version the store keeps for proofs at that height; 0 keeps every height.
    var statusRetentionHeights = Int(ChainStore.defaultStatusRetention)

    /// Every key the file may hold, by section (docs/CONFIG.md documents each): the tables below, and the keys
    /// with a value of their own shape.
    static var keys: [String: Set<String>] {
        let special = [
            ("api", "listen"), ("p2p", "listen"), ("p2p", "peers"), ("p2p", "observers"),
        ]
        let all = textKeys.map { ($0.section, $0.key) } + integerKeys.map { ($0.section, $0.key) } + special
        return Dictionary(grouping: all, by: \.0).mapValues { Set($0.map(\.1)) }
    }

    /// The levels `node.log_level` accepts: swift-log's, from most to least verbose.
    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The text keys, each with the field it sets.
    static var textKeys: [(section: String, key: String, field: WritableKeyPath<NodeConfiguration, String>)] {
        [
            ("node", "data_dir", \.dataDirectory), ("node", "genesis", \.genesisPath), ("node", "key", \.keyPath),
            ("node", "log_level", \.logLevel),
        ]
    }

    /// The whole-number keys: the field each sets and the values it accepts.
    static var integerKeys:
        [(section: String, key: String, range: ClosedRange<Int>, field: WritableKeyPath<NodeConfiguration, Int>)]
    {
        [
            ("api", "max_body_bytes", 1_024...(64 << 20), \.apiBodyBytesMax),
            ("p2p", "max_outbound_bytes", (1 << 20)...(1 << 32), \.peerOutboundBytesMax),
            ("p2p", "max_inbound_messages", 16...1_000_000, \.peerInboundMessagesMax),
            ("p2p", "max_inbound_bytes", (1 << 20)...(1 << 32), \.peerInboundBytesMax),
            ("consensus", "tick_milliseconds", 1...10_000, \.tickMilliseconds),
            ("consensus", "round_timeout_base_ticks", 1...100_000, \.roundTimeoutBaseTicks),
            ("consensus", "round_timeout_cap_ticks", 1...10_000_000, \.roundTimeoutCapTicks),
            ("consensus", "retransmit_interval_ticks", 1...100_000, \.retransmitIntervalTicks),
            ("consensus", "heartbeat_interval_seconds", 0...86_400, \.heartbeatIntervalSeconds),
            ("batching", "max_transactions", 1...Limits.transactionsPerBlockMax, \.batchTransactionsMax),
            ("batching", "max_bytes", 4_096...Limits.blockBytesMax, \.batchBytesMax),
            ("batching", "batch_delay_milliseconds", 0...60_000, \.batchDelayMilliseconds),
            ("mempool", "max_transactions", 1...10_000_000, \.mempoolTransactionsMax),
            ("mempool", "max_bytes", 4_096...(4 << 30), \.mempoolBytesMax),
            ("storage", "status_retention_heights", 0...100_000_000, \.statusRetentionHeights),
        ]
    }

    /// Dev mode: every default, data in `./ledger-data`.
    static let development = NodeConfiguration()

    static func load(path: String) throws(NodeConfigurationError) -> NodeConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        var configuration = try parse(text)
        // A relative data directory is relative to the configuration file, so a node starts from anywhere.
        if !configuration.dataDirectory.hasPrefix("/") {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            configuration.dataDirectory = directory + "/" + configuration.dataDirectory
        }
        return configuration
    }

    static func parse(_ text: String) throws(NodeConfigurationError) -> NodeConfiguration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch {
            throw .syntax("\(error)")
        }
        var configuration = NodeConfiguration()
        for section in table.keys {
            guard let allowed = Self.keys[section] else { throw .unknownKey(section) }
            guard let values = table[section]?.table else {
                throw .invalid(key: section, reason: "must be a [\(section)] table")
            }
            for key in values.keys where !allowed.contains(key) {
                if section == "batching" && key == "allow_empty_blocks" {
                    throw .invalid(
                        key: "batching.allow_empty_blocks",
                        reason: "was replaced by consensus.heartbeat_interval_seconds (0 turns heartbeats off)")
                }
                throw .unknownKey("\(section).\(key)")
            }
        }
        let reader = TableReader(table: table)
        for text in Self.textKeys {
            if let value = try reader.string(text.section, text.key) { configuration[keyPath: text.field] = value }
        }
        guard Self.logLevels.contains(configuration.logLevel) else {
            throw .invalid(key: "node.log_level", reason: "must be one of \(Self.logLevels.joined(separator: ", "))")
        }
        if let listen = try reader.string("api", "listen") {
            configuration.apiListen = try SocketAddressText(parsing: listen, key: "api.listen")
        }
        if let listen = try reader.string("p2p", "listen") {
            configuration.p2pListen = try SocketAddressText(parsing: listen, key: "p2p.listen")
        }
        if let peers = try reader.strings("p2p", "peers") {
            configuration.peers = try peers.map { text throws(NodeConfigurationError) in
                try SocketAddressText(parsing: text, key: "p2p.peers")
            }
        }
        configuration.observerKeyPaths = try reader.strings("p2p", "observers") ?? []
        for number in Self.integerKeys {
            if let value = try reader.int(number.section, number.key, in: number.range) {
                configuration[keyPath: number.field] = value
            }
        }
        guard configuration.roundTimeoutCapTicks >= configuration.roundTimeoutBaseTicks else {
            throw .invalid(
                key: "consensus.round_timeout_cap_ticks", reason: "must be at least round_timeout_base_ticks")
        }
        return configuration
    }

    /// A path relative to the data directory, unless absolute.
    func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : dataDirectory + "/" + path }
}

/// Typed reads of "section.key" with the key named in every error.
private struct TableReader {
    let table: TOMLTable

    func value(_ section: String, _ key: String) -> TOMLValueConvertible? { table[section]?.table?[key] }

    func string(_ section: String, _ key: String) throws(NodeConfigurationError) -> String? {
        guard let value = value(section, key) else { return nil }
        guard let text = value.string else { throw .invalid(key: "\(section).\(key)", reason: "must be a string") }
        return text
    }

    func int(_ section: String, _ key: String, in range: ClosedRange<Int>) throws(NodeConfigurationError) -> Int? {
        guard let value = value(section, key) else { return nil }
        guard let number = value.int, range.contains(number) else {
            throw .invalid(
                key: "\(section).\(key)",
                reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func strings(_ section: String, _ key: String) throws(NodeConfigurationError) -> [String]? {
        guard let value = value(section, key) else { return nil }
        guard let array = value.array else {
            throw .invalid(key: "\(section).\(key)", reason: "must be an array of strings")
        }
        var result: [String] = []
        for element in array {
            guard let text = element.string else {
                throw .invalid(key: "\(section).\(key)", reason: "must be an array of strings")
            }
            result.append(text)
        }
        return result
    }
}
