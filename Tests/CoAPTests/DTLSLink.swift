import CoAP
import NIOCore

/// A DTLS client and server wired back to back in memory, with a clock the test advances.
/// Datagrams are carried by `pump`, which lets a test drop or alter them on the way.
final class DTLSLink {
    let server: DTLSServer
    var client: DTLSClient
    let serverAddress: SocketAddress
    var clientAddress: SocketAddress
    var now: NIODeadline = .uptimeNanoseconds(1_000_000_000)
    /// Decrypted messages each side received, in order.
    var serverMessages: [ByteBuffer] = []
    var clientMessages: [ByteBuffer] = []
    /// Peers each side reported closed.
    var serverClosed: [SocketAddress] = []
    var clientClosed: [SocketAddress] = []
    /// Datagrams in flight: (to server?, datagram).
    private var inFlight: [(toServer: Bool, datagram: AddressedEnvelope<ByteBuffer>)] = []

    init(
        keys: [String: [UInt8]] = ["dev-1": Array("secret-1".utf8)],
        identity: String = "dev-1",
        key: [UInt8] = Array("secret-1".utf8),
        serverConfiguration: DTLSConfiguration = DTLSConfiguration(),
        clientConfiguration: DTLSConfiguration = DTLSConfiguration(),
        clientPort: Int = 40_001
    ) throws {
        server = try DTLSServer(configuration: serverConfiguration) { keys[$0] }
        client = try DTLSClient(identity: identity, key: key, configuration: clientConfiguration)
        serverAddress = try SocketAddress(ipAddress: "127.0.0.1", port: 5684)
        clientAddress = try SocketAddress(ipAddress: "127.0.0.1", port: clientPort)
    }

    /// Sends an application message from the client (starting the handshake if needed).
    func clientSends(_ text: String) {
        absorb(client.outbound(ByteBuffer(string: text), to: serverAddress, now: now), fromServer: false)
    }

    /// Sends an application message from the server.
    func serverSends(_ text: String) {
        absorb(server.outbound(ByteBuffer(string: text), to: clientAddress, now: now), fromServer: true)
    }

    /// Runs both sides' timers at the current time.
    func tick() {
        absorb(client.tick(now: now), fromServer: false)
        absorb(server.tick(now: now), fromServer: true)
    }

    /// Delivers datagrams until none are left; `filter` may drop (nil) or change each one.
    func pump(limit: Int = 1_000, filter: (Bool, ByteBuffer) -> ByteBuffer? = { $1 }) {
        var steps = 0
        while !inFlight.isEmpty, steps < limit {
            steps += 1
            let (toServer, envelope) = inFlight.removeFirst()
            guard let data = filter(toServer, envelope.data) else { continue }
            if toServer {
                absorb(server.inbound(data, from: clientAddress, now: now), fromServer: true)
            } else {
                absorb(client.inbound(data, from: serverAddress, now: now), fromServer: false)
            }
        }
    }

    /// Datagrams waiting to be delivered.
    var pendingDatagrams: Int { inFlight.count }

    /// Removes and returns the datagrams waiting to be delivered.
    func takeInFlight() -> [(toServer: Bool, datagram: AddressedEnvelope<ByteBuffer>)] {
        defer { inFlight = [] }
        return inFlight
    }

    private func absorb(_ output: SecurityOutput, fromServer: Bool) {
        for datagram in output.datagrams {
            inFlight.append((toServer: !fromServer, datagram: datagram))
        }
        if fromServer {
            serverMessages += output.messages.map(\.data)
            serverClosed += output.closed
        } else {
            clientMessages += output.messages.map(\.data)
            clientClosed += output.closed
        }
    }
}

extension ByteBuffer {
    /// The readable bytes as UTF-8 text.
    var text: String { String(buffer: self) }
}
