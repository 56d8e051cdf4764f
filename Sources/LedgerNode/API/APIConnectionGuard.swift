import LedgerCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// The API's connection budget (issue 17, F3): at most `limit` connections at once, so that clients cannot take
/// the descriptors consensus needs, however many they open.
final class APIConnectionBudget: Sendable {
    let limit: Int
    private let open = NIOLockedValueBox(0)
    /// Told of each connection closed for want of room (the node counts them in its metrics).
    private let onRefusal: @Sendable () -> Void

    init(limit: Int, onRefusal: @escaping @Sendable () -> Void = {}) {
        self.limit = limit
        self.onRefusal = onRefusal
    }

    func acquire() -> Bool {
        let admitted = open.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        if !admitted { onRefusal() }
        return admitted
    }

    func release() { open.withLockedValue { $0 -= 1 } }

    var inUse: Int { open.withLockedValue { $0 } }

    /// The cap a node runs with: the configured one, but never more than the open-file limit leaves after what the
    /// store, consensus and the peers need (`reserved`).
    static func limit(configured: Int, fileLimit: UInt64?, reserved: Int = 256) -> Int {
        guard let fileLimit else { return configured }
        return max(1, min(configured, Int(min(fileLimit, UInt64(Int.max))) - reserved))
    }
}

/// Added to Hummingbird's HTTP/1 pipeline (`additionalChannelHandlers`, which sit behind its codec): it puts an
/// `HTTP1ConnectionGuard` right behind the HTTP/1 decoder, where requests still carry their HTTP version and parse
/// errors arrive first, and removes itself.
final class APIConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    let budget: APIConnectionBudget
    let headerTimeout: TimeAmount
    let bodyTimeout: TimeAmount

    init(budget: APIConnectionBudget, headerTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.budget = budget
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        let guardHandler = HTTP1ConnectionGuard(budget: budget, headerTimeout: headerTimeout, bodyTimeout: bodyTimeout)
        if let decoder = try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) {
            try? pipeline.addHandler(guardHandler, position: .after(decoder))
        } else {
            // Not the pipeline this was written for: refuse rather than serve unguarded.
            context.close(promise: nil)
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}

/// Each API connection, behind the HTTP/1 decoder:
/// - counts against the budget, and is closed at once over it;
/// - is closed when its first request head has not arrived within `headerTimeout` (a slow client holding the
///   connection), or a request's body has not ended within `bodyTimeout`;
/// - a request that is not keep-alive (HTTP/1.0 without `Connection: keep-alive`, or `Connection: close`) is marked
///   `Connection: close`, so Hummingbird closes the connection after the response (RFC 9112 §9.3);
/// - a request that does not parse gets a JSON 400 (Hummingbird's own is empty), and the connection is closed.
/// Between requests, Hummingbird's idle timeout applies.
final class HTTP1ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let budget: APIConnectionBudget
    let headerTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    private var acquired = false
    private var answered = false
    private var deadline: Scheduled<Void>?

    init(budget: APIConnectionBudget, headerTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.budget = budget
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context: context)
        context.fireChannelActive()
    }

    private func admit(context: ChannelHandlerContext) {
        guard !acquired else { return }
        guard budget.acquire() else {
            context.close(promise: nil)
            return
        }
        acquired = true
        arm(headerTimeout, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if acquired {
            acquired = false
            budget.release()
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            arm(bodyTimeout, context: context)
            guard !head.isKeepAlive else { break }
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.fireChannelRead(wrapInboundOut(.head(head)))
            return
        case .end:
            deadline?.cancel()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    private func arm(_ timeout: TimeAmount, context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered else { return }
        answered = true
        let text = ByteBuffer(
            string: JSONWriter.pretty(
                .object([
                    JSONMember("error", .string("malformed_request")),
                    JSONMember("reason", .string("the request is not valid HTTP/1.1 (\(error))")),
                ])) + "\n")
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: "\(text.readableBytes)")
        headers.add(name: "connection", value: "close")
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(text))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
