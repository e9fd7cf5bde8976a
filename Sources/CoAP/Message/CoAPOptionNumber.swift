/// Registered CoAP option numbers used by this endpoint (RFC 7252 §12.2, RFC 7641, RFC 7959).
public enum CoAPOptionNumber {
    /// If-Match.
    public static let ifMatch: UInt16 = 1
    /// Uri-Host.
    public static let uriHost: UInt16 = 3
    /// ETag.
    public static let eTag: UInt16 = 4
    /// If-None-Match.
    public static let ifNoneMatch: UInt16 = 5
    /// Observe (RFC 7641).
    public static let observe: UInt16 = 6
    /// Uri-Port.
    public static let uriPort: UInt16 = 7
    /// Location-Path.
    public static let locationPath: UInt16 = 8
    /// Uri-Path.
    public static let uriPath: UInt16 = 11
    /// Content-Format.
    public static let contentFormat: UInt16 = 12
    /// Max-Age.
    public static let maxAge: UInt16 = 14
    /// Uri-Query.
    public static let uriQuery: UInt16 = 15
    /// Accept.
    public static let accept: UInt16 = 17
    /// Location-Query.
    public static let locationQuery: UInt16 = 20
    /// Block2 (RFC 7959).
    public static let block2: UInt16 = 23
    /// Block1 (RFC 7959).
    public static let block1: UInt16 = 27
    /// Size2 (RFC 7959).
    public static let size2: UInt16 = 28
    /// Proxy-Uri.
    public static let proxyURI: UInt16 = 35
    /// Proxy-Scheme.
    public static let proxyScheme: UInt16 = 39
    /// Size1.
    public static let size1: UInt16 = 60
    /// No-Response (RFC 7967).
    public static let noResponse: UInt16 = 258

    /// The options this endpoint understands; an unknown critical option in a request gets 4.02.
    public static let known: Set<UInt16> = [
        ifMatch, uriHost, eTag, ifNoneMatch, observe, uriPort, locationPath, uriPath, contentFormat,
        maxAge, uriQuery, accept, locationQuery, block2, block1, size2, proxyURI, proxyScheme, size1,
        noResponse,
    ]

    /// True when this endpoint knows how to handle option `number`.
    public static func isKnown(_ number: UInt16) -> Bool {
        // Fast path for the common small numbers without hashing.
        switch number {
        case 1, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 17, 20, 23, 27, 28, 35, 39, 60, 258: true
        default: false
        }
    }
}
