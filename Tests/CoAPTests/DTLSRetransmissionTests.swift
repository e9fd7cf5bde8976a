import CoAP
import NIOCore
import Testing

extension DTLSInteropTests {
    /// GnuTLS times its retransmissions with the real clock, so this test runs on real time:
    /// it drives the timers until the handshake recovers, bounded at 3 s.
    @Test func lostServerFlightIsRetransmittedAndTheHandshakeCompletes() async throws {
        let fast = DTLSConfiguration(retransmitTimeout: .milliseconds(100))
        let link = try DTLSLink(serverConfiguration: fast, clientConfiguration: fast)
        link.now = .now()
        link.clientSends("after a loss")
        var serverHellos = 0
        let dropFirstServerHello: (Bool, ByteBuffer) -> ByteBuffer? = { toServer, data in
            // ServerHello: handshake record, epoch 0, message type 2.
            guard !toServer, data.getInteger(at: 0, as: UInt8.self) == 22, data.getInteger(at: 13, as: UInt8.self) == 2 else { return data }
            serverHellos += 1
            return serverHellos == 1 ? nil : data
        }
        link.pump(filter: dropFirstServerHello)
        #expect(link.serverMessages.isEmpty)
        let giveUp = NIODeadline.now() + .seconds(3)
        while link.serverMessages.isEmpty, NIODeadline.now() < giveUp {
            if let due = [link.client.nextDeadline(), link.server.nextDeadline()].compactMap({ $0 }).min(), due > .now() {
                try await Task.sleep(for: .nanoseconds((due - .now()).nanoseconds))
            }
            link.now = .now()
            link.tick()
            link.pump(filter: dropFirstServerHello)
        }
        #expect(serverHellos == 2, "the ServerHello flight was sent again")
        #expect(link.serverMessages.map(\.text) == ["after a loss"])
        #expect(link.clientClosed.isEmpty)
    }
}
