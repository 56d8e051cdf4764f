import NIOCore

/// Why a peer's bytes could not be read as frames; the connection is closed with this reason.
enum PeerFrameError: Error, Equatable, CustomStringConvertible {
    case oversize(length: Int, bytesMax: Int)
    case empty

    var description: String {
        switch self {
        case .oversize(let length, let bytesMax): "frame of \(length) bytes is above the limit of \(bytesMax)"
        case .empty: "empty frame"
        }
    }
}

/// Splits the TCP byte stream into frames: `u32 length ‖ body`. A length above the limit is refused as soon as
/// its 4 bytes arrive, before any body is buffered, so a peer cannot make us hold more than one frame.
/// Until the handshake completes the limit is `PeerFrameLimit.handshakeBytesMax`, so an unauthenticated
/// connection can make us buffer at most a few hundred bytes.
struct PeerFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    let limit: PeerFrameLimit

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let frameBytesMax = limit.bytesMax
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard length > 0 else { throw PeerFrameError.empty }
        guard length <= frameBytesMax else {
            throw PeerFrameError.oversize(length: Int(length), bytesMax: frameBytesMax)
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// The current frame limit of one connection, raised once its handshake completes. Used only on the
/// connection's event loop.
final class PeerFrameLimit {
    /// Hello and authenticate messages are well under this.
    static let handshakeBytesMax = 512
    var bytesMax: Int

    init(bytesMax: Int = PeerFrameLimit.handshakeBytesMax) {
        self.bytesMax = bytesMax
    }
}

enum PeerFrameEncoder {
    /// One frame: the body's length, then the body.
    static func frame(_ body: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: body.count + 4)
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        return buffer
    }
}
