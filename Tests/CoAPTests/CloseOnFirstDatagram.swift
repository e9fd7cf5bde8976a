import NIOCore

/// Answers the first datagram with the XOR layer's "session closed" marker.
final class CloseOnFirstDatagram: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var marker = context.channel.allocator.buffer(capacity: 1)
        marker.writeInteger(UInt8(0xC6))
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: marker)), promise: nil)
    }
}
