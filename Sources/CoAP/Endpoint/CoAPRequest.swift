/// A request this endpoint sends: method, options and payload; IDs and tokens are filled in on send.
public struct CoAPRequest: Sendable, Hashable {
    /// GET, POST, PUT, DELETE, FETCH, …
    public var method: CoAPCode
    /// Options (Uri-Path, Uri-Query, Accept, Content-Format, Observe, …).
    public var options: CoAPOptions
    /// The body; larger than the block size it goes out as a Block1 transfer.
    public var payload: [UInt8]
    /// CON (retransmitted until acknowledged) or NON.
    public var confirmable: Bool

    /// Creates a request; `path` like `"/3/0/1"` becomes Uri-Path options, `query` Uri-Query.
    public init(
        _ method: CoAPCode, path: String = "", query: [String] = [], options: CoAPOptions = [],
        payload: [UInt8] = [], confirmable: Bool = true
    ) {
        self.method = method
        self.options = options
        self.payload = payload
        self.confirmable = confirmable
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if !segments.isEmpty { self.options.uriPath = segments }
        if !query.isEmpty { self.options.uriQuery = query }
    }
}
