import Foundation
import Histogram
import LedgerCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP client behind `ledger bench proofs`: keep-alive connections on one event loop, each sending
/// `GET /v1/credentials/{id}/proof` for random ids as soon as the previous answer ends.
struct ProofLoad {
    let host: String
    let port: Int
    let credentialPrefix: String
    let credentials: Int
    let connections: Int
    let duration: Double
    /// Ask for GET /healthz instead: the same client and server path with no proof work, the HTTP floor.
    let baseline: Bool

    struct Report {
        let requests: Int
        let statuses: [UInt: Int]
        let bytes: Int
        let seconds: Double
        let connectionErrors: [String]
        let latency: Histogram<UInt64>

        var ok: Int { statuses[200] ?? 0 }
        var perSecond: Double { seconds > 0 ? Double(ok) / seconds : 0 }
        func milliseconds(_ percentile: Double) -> Double { latency.milliseconds(percentile) }

        var json: JSONValue {
            .object(
                [
                    JSONMember("requests", .number(Double(requests))),
                    JSONMember("ok", .number(Double(ok))),
                    JSONMember(
                        "statuses",
                        .object(
                            statuses.sorted { $0.key < $1.key }.map {
                                JSONMember("\($0.key)", .number(Double($0.value)))
                            })),
                    JSONMember("seconds", .number((seconds * 1_000).rounded() / 1_000)),
                    JSONMember("okPerSecond", .number(perSecond.rounded())),
                    JSONMember(
                        "bytesPerAnswer", .number(requests > 0 ? (Double(bytes) / Double(requests)).rounded() : 0)),
                ] + latency.percentileMembers + [
                    JSONMember("connectionErrors", .array(connectionErrors.map { .string($0) }))
                ])
        }

        var text: String {
            let others = statuses.filter { $0.key != 200 }.sorted { $0.key < $1.key }.map {
                "HTTP \($0.key): \($0.value)"
            }
            return String(
                format: """
                    %d answers of 200 in %.2f s: %.0f/s over %d requests
                    latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms
                    %@
                    """, ok, seconds, perSecond, requests, milliseconds(50), milliseconds(99), milliseconds(99.9),
                (others + connectionErrors).isEmpty
                    ? "every request answered 200" : (others + connectionErrors).joined(separator: "; "))
        }
    }

    func run() throws -> Report {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(duration * 1e9))
        let tallies = (0..<connections).map { ProofTally(seed: UInt64($0) &+ 1) }
        let start = ContinuousClock.now
        var closed: [EventLoopFuture<Void>] = []
        var errors: [String] = []
        for tally in tallies {
            let bootstrap = ClientBootstrap(group: group).channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ProofRequestHandler(
                            tally: tally, host: host, prefix: credentialPrefix, credentials: credentials,
                            baseline: baseline, deadline: deadline))
                }
            }
            do {
                closed.append(try bootstrap.connect(host: host, port: port).wait().closeFuture)
            } catch {
                errors.append("connecting to \(host):\(port): \(error)")
            }
        }
        guard !closed.isEmpty else { throw CLIFailure.checkFailed(errors.first ?? "no connection") }
        for future in closed { try? future.wait() }
        let elapsed = ContinuousClock.now - start
        var latency = Histogram<UInt64>.latencyMicroseconds()
        var statuses: [UInt: Int] = [:]
        var bytes = 0
        var requests = 0
        for tally in tallies {
            latency.add(tally.latency)
            statuses.merge(tally.statuses, uniquingKeysWith: +)
            bytes += tally.bytes
            requests += tally.requests
            if let error = tally.error { errors.append(error) }
        }
        return Report(
            requests: requests, statuses: statuses, bytes: bytes,
            seconds: elapsed.seconds,
            connectionErrors: errors, latency: latency)
    }
}

/// One connection's counts; touched only on the client's single event loop, read after the connection closed.
final class ProofTally: @unchecked Sendable {
    var random: SeededGenerator
    var latency = Histogram<UInt64>.latencyMicroseconds()
    var statuses: [UInt: Int] = [:]
    var bytes = 0
    var requests = 0
    var error: String?

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }
}

/// Sends one request, waits for the whole answer, records it, and sends the next until the deadline.
final class ProofRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let tally: ProofTally
    let host: String
    let prefix: String
    let credentials: Int
    let baseline: Bool
    let deadline: NIODeadline
    private var sentAt = NIODeadline.now()
    private var status: UInt = 0

    init(tally: ProofTally, host: String, prefix: String, credentials: Int, baseline: Bool, deadline: NIODeadline) {
        self.tally = tally
        self.host = host
        self.prefix = prefix
        self.credentials = credentials
        self.baseline = baseline
        self.deadline = deadline
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status.code
        case .body(let buffer):
            tally.bytes += buffer.readableBytes
        case .end:
            let now = NIODeadline.now()
            _ = tally.latency.record(UInt64(max(0, (now - sentAt).nanoseconds / 1_000)))
            tally.statuses[status, default: 0] += 1
            tally.requests += 1
            if now < deadline {
                sendNext(context: context)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        tally.error = "connection failed: \(error)"
        context.close(promise: nil)
    }

    private func sendNext(context: ChannelHandlerContext) {
        let id = "\(prefix)-\(Int.random(in: 0..<credentials, using: &tally.random))"
        let path = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id
        let uri = baseline ? "/healthz" : "/v1/credentials/\(path)/proof"
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: uri)
        head.headers.add(name: "Host", value: host)
        sentAt = .now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
