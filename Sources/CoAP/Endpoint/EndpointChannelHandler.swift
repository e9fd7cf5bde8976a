import NIOCore

/// The NIO handler feeding received datagrams to the runtime and flushing once per read burst.
final class EndpointChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let box: NIOLoopBoundBox<EndpointRuntime>
    private var now: NIODeadline?

    init(box: NIOLoopBoundBox<EndpointRuntime>) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // One clock read per burst of reads: timers have millisecond granularity anyway.
        let now = self.now ?? NIODeadline.now()
        self.now = now
        box.value.receive(unwrapInboundIn(data), now: now)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        let now = self.now ?? NIODeadline.now()
        self.now = nil
        box.value.finish(box: box, now: now)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port-unreachable and the like surface here; a UDP server keeps serving.
    }
}
