import CoAP
import NIOConcurrencyHelpers
import NIOCore

/// A bare UDP peer that takes request bodies only in 32-byte blocks, as a constrained device
/// does: anything larger gets 4.13 with Block1 naming the size (RFC 7959 §2.9.3). It records the
/// body it put together and the block sizes it was offered.
final class SmallBlockPeer: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// The largest block it takes.
    static let blockSize = 32
    /// Bodies completed, one per request.
    let bodies = Recorder<[UInt8]>()
    /// The payload size of every request it got.
    let offered = Recorder<Int>()
    private let partial = NIOLockedValueBox<[UInt8]>([])

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let request = try? CoAPMessageCodec.decode(envelope.data), request.type == .confirmable else { return }
        offered.append(request.payload.count)
        var answer = CoAPMessage(type: .acknowledgement, code: .changed, messageID: request.messageID, token: request.token)
        if request.payload.count > Self.blockSize {
            answer.code = .requestEntityTooLarge
            answer.options.block1 = CoAPBlock(number: 0, more: false, szx: 1)
        } else if let block = request.options.block1 {
            partial.withLockedValue { body in
                if block.number == 0 { body = [] }
                body += request.payload
            }
            if block.more {
                answer.code = .continue
                answer.options.block1 = block
            } else {
                bodies.append(partial.withLockedValue { $0 })
                answer.options.block1 = block
            }
        } else {
            bodies.append(request.payload)
        }
        let bytes = CoAPMessageCodec.encode(answer, allocator: context.channel.allocator)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: bytes)), promise: nil)
    }
}
