import Foundation
import NIOCore

/// Answers the calls of one connection, one at a time and in order.
final class VarlinkConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let dispatcher: VarlinkDispatcher
    private let decoder = JSONDecoder()

    init(dispatcher: VarlinkDispatcher) {
        self.dispatcher = dispatcher
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let call: VarlinkCall
        do {
            call = try decoder.decode(VarlinkCall.self, from: Data(frame.readableBytesView))
        } catch {
            // Framing is intact, so the connection can go on after saying what was wrong.
            send(.failure(.invalidParameter("the message is not a varlink call object: \(Self.describe(error))")), context: context)
            return
        }
        let reply = dispatcher.reply(to: call)
        if call.oneway == true { return }
        send(reply, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is VarlinkFrameDecoder.MessageTooLarge {
            send(.failure(.invalidParameter("the message is larger than the server accepts")), context: context)
        }
        context.close(promise: nil)
    }

    private func send(_ reply: VarlinkReply, context: ChannelHandlerContext) {
        guard var bytes = try? VarlinkCoding.encode(reply) else { return }
        bytes.append(0)
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "\"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "malformed JSON" : "\"\(path)\" has the wrong type"
        default: return "malformed JSON"
        }
    }
}
