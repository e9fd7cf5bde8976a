import NIOCore

/// Puts a connected control-socket channel (set up with `autoRead` off and a
/// `ControlLineDecoder`) under a `NIOAsyncChannel`, then starts reading.
///
/// Why not wrap in the bootstrap's initializer: NIO hands an initializer's async wrapper over
/// only later (after connect, or when the accept loop takes it), and one dropped on the way
/// (a failed connect, a server stopping with a connection half-accepted) traps in NIO's writer
/// ("Deinited NIOAsyncWriter without calling finish()"). A plain `Channel` can be dropped safely.
enum ControlChannel {
    /// Wraps `channel` on its event loop; the caller must use `executeThenClose` on the result.
    static func wrap(_ channel: any Channel) async throws -> NIOAsyncChannel<ControlFrame, ByteBuffer> {
        try await channel.eventLoop.submit {
            let wrapped = try NIOAsyncChannel<ControlFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
            // Reading starts only now, so no line reaches the pipeline before the wrapper.
            channel.setOption(.autoRead, value: true).whenFailure { _ in channel.close(promise: nil) }
            return wrapped
        }.get()
    }

    /// Adds the line decoder; for bootstrap initializers.
    static func addDecoder(to channel: any Channel, maximumLineLength: Int) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ControlLineDecoder(maximumLength: maximumLineLength)))
        }
    }
}
