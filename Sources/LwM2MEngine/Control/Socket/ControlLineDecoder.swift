import NIOCore

/// Splits a control connection's bytes into lines (`\n`, an optional `\r` before it is dropped),
/// never buffering more than `maximumLength` bytes: a longer line is reported once as
/// `.oversized` and skipped up to its line break, so a misbehaving peer cannot grow memory.
struct ControlLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ControlFrame

    /// The longest line accepted, in bytes, without its line break.
    let maximumLength: Int
    /// True while skipping the rest of an oversized line.
    private var skipping = false

    init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maximumLength {
                if !skipping {
                    skipping = true
                    context.fireChannelRead(Self.wrapInboundOut(.oversized(limit: maximumLength)))
                }
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        if skipping {
            skipping = false
            buffer.moveReaderIndex(forwardBy: length + 1)
            return .continue
        }
        if length > maximumLength {
            buffer.moveReaderIndex(forwardBy: length + 1)
            context.fireChannelRead(Self.wrapInboundOut(.oversized(limit: maximumLength)))
            return .continue
        }
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(Self.wrapInboundOut(.line(line)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // A last line without its line break still counts, unless it is the tail of a skipped one.
        if buffer.readableBytes > 0, !skipping, let line = buffer.readString(length: buffer.readableBytes) {
            context.fireChannelRead(Self.wrapInboundOut(.line(line)))
        }
        return .needMoreData
    }
}
