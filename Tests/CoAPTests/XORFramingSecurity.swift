import NIOCore
@testable import CoAP

/// A stand-in security layer: frames each message as 0xC5 + bytes XOR 0x5A, names a peer's
/// identity after its port, treats a lone 0xC6 datagram as "session closed", and asks for a
/// tick 50 ms after each inbound datagram. Enough to prove the endpoint uses every hook.
final class XORFramingSecurity: DatagramSecurity {
    let ticks: Recorder<Int>
    private var deadline: NIODeadline?

    init(ticks: Recorder<Int>) { self.ticks = ticks }

    static func frame(_ buffer: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        out.writeInteger(UInt8(0xC5))
        out.writeBytes(buffer.readableBytesView.map { $0 ^ 0x5A })
        return out
    }

    func inbound(_ datagram: ByteBuffer, from peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        let bytes = Array(datagram.readableBytesView)
        if bytes == [0xC6] { return SecurityOutput(closed: [peer]) }
        guard bytes.first == 0xC5 else { return SecurityOutput() }  // not ours: dropped
        deadline = now + .milliseconds(50)
        var message = ByteBuffer()
        message.writeBytes(bytes.dropFirst().map { $0 ^ 0x5A })
        return SecurityOutput(messages: [AddressedEnvelope(remoteAddress: peer, data: message)])
    }

    func outbound(_ message: ByteBuffer, to peer: SocketAddress, now: NIODeadline) -> SecurityOutput {
        SecurityOutput(datagrams: [AddressedEnvelope(remoteAddress: peer, data: Self.frame(message))])
    }

    func tick(now: NIODeadline) -> SecurityOutput {
        if let deadline, deadline <= now {
            self.deadline = nil
            ticks.append(1)
        }
        return SecurityOutput()
    }

    func nextDeadline() -> NIODeadline? { deadline }

    func identity(of peer: SocketAddress) -> String? { "id-\(peer.port ?? 0)" }
}
