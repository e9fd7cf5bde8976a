/// A raw CoAP request from `coap {json}`: sent as it is, for what the verbs do not cover.
public struct RawCoAPRequest: Hashable, Sendable {
    /// The CoAP method.
    public var method: Method
    /// The Uri-Path segments.
    public var uriPath: [String]
    /// The Uri-Query items.
    public var uriQuery: [String]
    /// The Content-Format option, if any.
    public var contentFormat: UInt16?
    /// The Accept option, if any.
    public var accept: UInt16?
    /// The payload.
    public var payload: [UInt8]

    /// Creates a request.
    public init(method: Method, uriPath: [String], uriQuery: [String] = [], contentFormat: UInt16? = nil, accept: UInt16? = nil, payload: [UInt8] = []) {
        self.method = method
        self.uriPath = uriPath
        self.uriQuery = uriQuery
        self.contentFormat = contentFormat
        self.accept = accept
        self.payload = payload
    }

    /// CoAP request methods (RFC 7252, RFC 8132) with their codes.
    public enum Method: String, Hashable, Sendable, CaseIterable {
        /// GET (0.01).
        case get = "GET"
        /// POST (0.02).
        case post = "POST"
        /// PUT (0.03).
        case put = "PUT"
        /// DELETE (0.04).
        case delete = "DELETE"
        /// FETCH (0.05).
        case fetch = "FETCH"
        /// PATCH (0.06).
        case patch = "PATCH"
        /// iPATCH (0.07).
        case iPatch = "IPATCH"

        /// The method code (0.01–0.07).
        public var code: UInt8 {
            switch self {
            case .get: 1
            case .post: 2
            case .put: 3
            case .delete: 4
            case .fetch: 5
            case .patch: 6
            case .iPatch: 7
            }
        }
    }
}
