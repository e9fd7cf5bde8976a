public import NIOCore

/// What a request handler gets: the whole request (block-wise bodies joined) and who sent it.
public struct CoAPRequestContext: Sendable {
    /// The peer's UDP address.
    public var peer: SocketAddress
    /// The peer's authenticated PSK identity when the endpoint runs DTLS, else nil.
    public var identity: String?
    /// The request message (for block-wise requests, the last block's header with the whole body).
    public var message: CoAPMessage

    /// Creates a context.
    public init(peer: SocketAddress, identity: String?, message: CoAPMessage) {
        self.peer = peer
        self.identity = identity
        self.message = message
    }

    /// The method, e.g. `.post`.
    public var method: CoAPCode { message.code }
    /// Uri-Path segments.
    public var path: [String] { message.options.uriPath }
    /// Uri-Query arguments.
    public var query: [String] { message.options.uriQuery }
    /// The request body.
    public var payload: [UInt8] { message.payload }
}
