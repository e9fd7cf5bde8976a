public import NIOCore

/// A live observation of a resource on a peer (RFC 7641, observing side).
public final class CoAPObservation: Sendable {
    /// The internal ID shared with the registration exchange.
    let id: UInt64
    /// The observed peer.
    public let peer: SocketAddress
    /// True when the server accepted the observation (its answer carried Observe).
    public let isEstablished: Bool
    /// The answer to the registration (the first representation).
    public let response: CoAPResponse
    /// Notifications, then one `ended`; the stream finishes after it.
    public let events: AsyncStream<CoAPObservationEvent>
    private let endpoint: CoAPEndpoint

    init(id: UInt64, peer: SocketAddress, endpoint: CoAPEndpoint, isEstablished: Bool, response: CoAPResponse, events: AsyncStream<CoAPObservationEvent>) {
        self.id = id
        self.peer = peer
        self.endpoint = endpoint
        self.isEstablished = isEstablished
        self.response = response
        self.events = events
    }

    /// Stops the observation. Actively sends GET with Observe=1 (and waits up to `timeout` for its
    /// answer); passively just forgets the token, so the next notification is answered with RST.
    public func cancel(actively: Bool = true, timeout: TimeAmount = .seconds(10)) async {
        await endpoint.cancelObservation(id, peer: peer, actively: actively, timeout: timeout)
    }
}
