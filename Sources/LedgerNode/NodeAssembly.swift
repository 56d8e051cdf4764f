import Hummingbird
import LedgerCore
import LedgerRuntime
import LedgerStore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// Wires a node together: store, runtime, peer-to-peer, API and the tick loop, run as one service group that
/// shuts down gracefully on SIGTERM or SIGINT.
struct NodeAssembly {
    let setup: NodeSetup
    let logger: Logger

    /// Runs until shutdown; returns the halt reason if the node halted.
    func run(development: Bool) async throws -> String? {
        let configuration = setup.configuration
        let genesis = setup.genesis
        let store: ChainStore
        do {
            store = try ChainStore(
                directory: configuration.dataDirectory, genesis: genesis,
                statusRetention: UInt64(configuration.statusRetentionHeights))
        } catch {
            throw NodeStartupError(description: "cannot open the store in \(configuration.dataDirectory): \(error)")
        }
        let identity = NodeIdentity(key: setup.key, validators: store.tip.validators)
        logStartup(development: development, identity: identity, store: store)
        let metrics = NodeMetrics()
        let halted = NIOLockedValueBox<String?>(nil)
        let shutdown = NIOLockedValueBox<ServiceGroup?>(nil)
        let runtime = try NodeRuntime(
            store: store, identity: identity,
            consensusStore: FileConsensusStateStore(path: setup.consensusStatePath, chainID: genesis.chainID),
            settings: configuration.runtimeSettings, metrics: metrics,
            logger: logger,
            onHalt: { reason in
                halted.withLockedValue { $0 = reason }
                if let group = shutdown.withLockedValue({ $0 }) { Task { await group.triggerGracefulShutdown() } }
            })
        let peers = PeerService(
            listen: configuration.p2pListen, dial: configuration.peers, identity: identity, genesis: genesis,
            observers: setup.observers, limits: configuration.peerLimits, runtime: runtime,
            logger: Logger(label: "mcledger.p2p"))
        await runtime.attach(peers)
        let api = NodeAPI(runtime: runtime, metrics: metrics, bodyBytesMax: configuration.apiBodyBytesMax)
        let application = Application(
            router: api.router(),
            configuration: .init(address: .hostname(configuration.apiListen.host, port: configuration.apiListen.port)),
            logger: Logger(label: "mcledger.api"))
        let ticker = TickerService(runtime: runtime, interval: .milliseconds(configuration.tickMilliseconds))
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: ticker), .init(service: peers), .init(service: application),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        shutdown.withLockedValue { $0 = group }
        try await group.run()
        logger.info("stopped", metadata: ["height": "\(store.tip.height)"])
        return halted.withLockedValue { $0 }
    }

    private func logStartup(development: Bool, identity: NodeIdentity, store: ChainStore) {
        let configuration = setup.configuration
        let genesis = setup.genesis
        if development {
            logger.notice(
                "dev mode: a single-validator node on embedded defaults",
                metadata: ["dataDir": "\(configuration.dataDirectory)"])
        }
        for path in setup.created { logger.notice("created on first start", metadata: ["file": "\(path)"]) }
        logger.notice(
            "node",
            metadata: [
                "name": "\(identity.name)",
                "role": "\(store.tip.validators.contains(identity.keyID) ? "validator" : "observer")",
                "keyId": "\(identity.keyID.hex)", "dataDir": "\(configuration.dataDirectory)",
            ])
        logger.notice(
            "chain",
            metadata: [
                "name": "\(genesis.chainName)", "chainId": "\(genesis.chainID.hex)",
                "validators": "\(store.tip.validators.count)", "quorum": "\(store.tip.validators.quorum)",
                "epoch": "\(store.tip.governance.epoch)",
                "height": "\(store.tip.height)",
            ])
        logger.notice(
            "listening",
            metadata: [
                "api": "http://\(configuration.apiListen)", "p2p": "\(configuration.p2pListen)",
                "peers": "\(configuration.peers.map(\.description).joined(separator: ","))",
            ])
        let recovery = store.recovery
        if recovery != StoreRecovery() {
            logger.warning("store recovered at open", metadata: ["recovery": "\(recovery)"])
        }
    }
}

/// Drives the runtime's clock: one tick per interval, on deadlines so a slow tick does not shift the rest.
struct TickerService: Service {
    let runtime: NodeRuntime
    let interval: Duration

    func run() async throws {
        let clock = ContinuousClock()
        await cancelWhenGracefulShutdown {
            var deadline = clock.now
            while !Task.isCancelled {
                deadline = max(deadline + interval, clock.now - interval)
                do {
                    try await Task.sleep(until: deadline, clock: clock)
                } catch {
                    return
                }
                await runtime.tick()
            }
        }
    }
}

extension NodeConfiguration {
    var runtimeSettings: RuntimeSettings {
        RuntimeSettings(
            batchTransactionsMax: batchTransactionsMax, batchBytesMax: batchBytesMax,
            batchDelayTicks: UInt64((batchDelayMilliseconds + tickMilliseconds - 1) / tickMilliseconds),
            heartbeatIntervalTicks: UInt64(heartbeatIntervalSeconds * 1_000 / tickMilliseconds),
            mempoolTransactionsMax: mempoolTransactionsMax, mempoolBytesMax: mempoolBytesMax,
            roundTimeoutBaseTicks: UInt64(roundTimeoutBaseTicks), roundTimeoutCapTicks: UInt64(roundTimeoutCapTicks),
            retransmitIntervalTicks: UInt64(retransmitIntervalTicks),
            statusIntervalTicks: UInt64(max(1, 1_000 / tickMilliseconds)), tickDuration: .milliseconds(tickMilliseconds)
        )
    }

    var peerLimits: PeerLimits {
        PeerLimits(
            outboundBytesMax: peerOutboundBytesMax, inboundMessagesMax: peerInboundMessagesMax,
            inboundBytesMax: peerInboundBytesMax)
    }
}

extension RuntimeSettings {
    /// The settings of a node on every default (docs/CONFIG.md).
    static var standard: RuntimeSettings { NodeConfiguration.development.runtimeSettings }
}
