import NIOCore

/// Splits a byte stream into NUL-terminated varlink messages, refusing any message larger
/// than `maximumMessageSize` so that a client cannot make the server buffer without bound.
struct VarlinkFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    struct MessageTooLarge: Error {}

    let maximumMessageSize: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let terminator = buffer.readableBytesView.firstIndex(of: 0) else {
            if buffer.readableBytes > maximumMessageSize { throw MessageTooLarge() }
            return .needMoreData
        }
        let length = terminator - buffer.readerIndex
        guard length <= maximumMessageSize, let message = buffer.readSlice(length: length) else {
            throw MessageTooLarge()
        }
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial message at end of stream is dropped: the client went away mid-call.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
