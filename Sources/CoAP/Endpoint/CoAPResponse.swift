/// A response: code, options and payload (a whole body once block-wise transfers are joined).
public struct CoAPResponse: Sendable, Hashable {
    /// The response code, e.g. `.content`.
    public var code: CoAPCode
    /// Options (Content-Format, Location-Path, Observe, …).
    public var options: CoAPOptions
    /// The body.
    public var payload: [UInt8]

    /// Creates a response.
    public init(_ code: CoAPCode, options: CoAPOptions = [], payload: [UInt8] = []) {
        self.code = code
        self.options = options
        self.payload = payload
    }

    /// Creates a response whose payload is UTF-8 text with the given Content-Format (default 0, text/plain).
    public init(_ code: CoAPCode, text: String, contentFormat: UInt16 = 0) {
        self.init(code, payload: Array(text.utf8))
        options.contentFormat = contentFormat
    }
}
