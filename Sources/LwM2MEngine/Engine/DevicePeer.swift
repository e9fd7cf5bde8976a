public import NIOCore

/// Where a registered device is reached: its address and whether it came over DTLS.
public struct DevicePeer: Hashable, Sendable, CustomStringConvertible {
    /// The device's UDP address.
    public var address: SocketAddress
    /// True when it registered on the DTLS port.
    public var secure: Bool

    /// Creates a peer.
    public init(address: SocketAddress, secure: Bool) {
        self.address = address
        self.secure = secure
    }

    public var description: String {
        let host = address.ipAddress ?? "?"
        return "\(secure ? "coaps" : "coap")://\(host):\(address.port ?? 0)"
    }
}
