import CoAP
import NIOCore
import NIOPosix
import Testing

@Suite("Block1 to a peer that takes only small blocks (4.13 + Block1)")
struct SmallBlockTests {
    @Test("a body larger than our block size is sent again in the blocks the peer asks for", arguments: [181, 1_500])
    func restartsAtTheAskedSize(bodySize: Int) async throws {
        let peer = SmallBlockPeer()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(peer) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let client = try await CoAPEndpoint.bind(host: "127.0.0.1")
        let body = (0..<bodySize).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let response = try await client.send(
            CoAPRequest(.put, path: "/0/1", payload: body), to: try #require(channel.localAddress), timeout: .seconds(20))
        #expect(response.code == .changed)
        #expect(peer.bodies.values == [body], "the peer put the whole body together")
        #expect(peer.offered.values.dropFirst().allSatisfy { $0 <= SmallBlockPeer.blockSize }, "after the 4.13 every block fits")
        await client.close()
        try await channel.close()
    }
}
