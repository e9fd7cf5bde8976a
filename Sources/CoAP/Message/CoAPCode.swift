/// A CoAP method or response code, `c.dd` packed into one byte (RFC 7252 §3 and §12.1).
public struct CoAPCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The packed byte: class in the top 3 bits, detail in the low 5.
    public var rawValue: UInt8

    /// Wraps a packed code byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Builds a code from its class (0–7) and detail (0–31), e.g. `CoAPCode(2, 5)` for 2.05.
    public init(_ codeClass: UInt8, _ detail: UInt8) {
        rawValue = (codeClass & 0x07) << 5 | (detail & 0x1F)
    }

    /// The class digit: 0 request, 2 success, 4 client error, 5 server error.
    public var codeClass: UInt8 { rawValue >> 5 }
    /// The two-digit detail.
    public var detail: UInt8 { rawValue & 0x1F }

    /// True for 0.00, the code of empty messages (pings, empty ACK/RST).
    public var isEmpty: Bool { rawValue == 0 }
    /// True for request methods (0.01–0.31).
    public var isRequest: Bool { codeClass == 0 && rawValue != 0 }
    /// True for response codes (classes 2–5).
    public var isResponse: Bool { (2...5).contains(codeClass) }
    /// True for 2.xx codes.
    public var isSuccess: Bool { codeClass == 2 }

    /// The dotted form, e.g. `2.05`, followed by the RFC name when known.
    public var description: String {
        let dotted = "\(codeClass).\(detail < 10 ? "0" : "")\(detail)"
        if let name = Self.names[rawValue] { return "\(dotted) \(name)" }
        return dotted
    }

    /// 0.00 Empty.
    public static let empty = CoAPCode(0, 0)
    /// 0.01 GET.
    public static let get = CoAPCode(0, 1)
    /// 0.02 POST.
    public static let post = CoAPCode(0, 2)
    /// 0.03 PUT.
    public static let put = CoAPCode(0, 3)
    /// 0.04 DELETE.
    public static let delete = CoAPCode(0, 4)
    /// 0.05 FETCH (RFC 8132).
    public static let fetch = CoAPCode(0, 5)
    /// 0.06 PATCH (RFC 8132).
    public static let patch = CoAPCode(0, 6)
    /// 0.07 iPATCH (RFC 8132).
    public static let iPatch = CoAPCode(0, 7)
    /// 2.01 Created.
    public static let created = CoAPCode(2, 1)
    /// 2.02 Deleted.
    public static let deleted = CoAPCode(2, 2)
    /// 2.03 Valid.
    public static let valid = CoAPCode(2, 3)
    /// 2.04 Changed.
    public static let changed = CoAPCode(2, 4)
    /// 2.05 Content.
    public static let content = CoAPCode(2, 5)
    /// 2.31 Continue (RFC 7959).
    public static let `continue` = CoAPCode(2, 31)
    /// 4.00 Bad Request.
    public static let badRequest = CoAPCode(4, 0)
    /// 4.01 Unauthorized.
    public static let unauthorized = CoAPCode(4, 1)
    /// 4.02 Bad Option.
    public static let badOption = CoAPCode(4, 2)
    /// 4.03 Forbidden.
    public static let forbidden = CoAPCode(4, 3)
    /// 4.04 Not Found.
    public static let notFound = CoAPCode(4, 4)
    /// 4.05 Method Not Allowed.
    public static let methodNotAllowed = CoAPCode(4, 5)
    /// 4.06 Not Acceptable.
    public static let notAcceptable = CoAPCode(4, 6)
    /// 4.08 Request Entity Incomplete (RFC 7959).
    public static let requestEntityIncomplete = CoAPCode(4, 8)
    /// 4.12 Precondition Failed.
    public static let preconditionFailed = CoAPCode(4, 12)
    /// 4.13 Request Entity Too Large.
    public static let requestEntityTooLarge = CoAPCode(4, 13)
    /// 4.15 Unsupported Content-Format.
    public static let unsupportedContentFormat = CoAPCode(4, 15)
    /// 5.00 Internal Server Error.
    public static let internalServerError = CoAPCode(5, 0)
    /// 5.01 Not Implemented.
    public static let notImplemented = CoAPCode(5, 1)
    /// 5.03 Service Unavailable.
    public static let serviceUnavailable = CoAPCode(5, 3)
    /// 5.04 Gateway Timeout.
    public static let gatewayTimeout = CoAPCode(5, 4)

    private static let names: [UInt8: String] = [
        CoAPCode.get.rawValue: "GET", CoAPCode.post.rawValue: "POST", CoAPCode.put.rawValue: "PUT",
        CoAPCode.delete.rawValue: "DELETE", CoAPCode.fetch.rawValue: "FETCH", CoAPCode.patch.rawValue: "PATCH",
        CoAPCode.iPatch.rawValue: "iPATCH", CoAPCode.created.rawValue: "Created",
        CoAPCode.deleted.rawValue: "Deleted", CoAPCode.valid.rawValue: "Valid",
        CoAPCode.changed.rawValue: "Changed", CoAPCode.content.rawValue: "Content",
        CoAPCode.continue.rawValue: "Continue", CoAPCode.badRequest.rawValue: "Bad Request",
        CoAPCode.unauthorized.rawValue: "Unauthorized", CoAPCode.badOption.rawValue: "Bad Option",
        CoAPCode.forbidden.rawValue: "Forbidden", CoAPCode.notFound.rawValue: "Not Found",
        CoAPCode.methodNotAllowed.rawValue: "Method Not Allowed",
        CoAPCode.notAcceptable.rawValue: "Not Acceptable",
        CoAPCode.requestEntityIncomplete.rawValue: "Request Entity Incomplete",
        CoAPCode.preconditionFailed.rawValue: "Precondition Failed",
        CoAPCode.requestEntityTooLarge.rawValue: "Request Entity Too Large",
        CoAPCode.unsupportedContentFormat.rawValue: "Unsupported Content-Format",
        CoAPCode.internalServerError.rawValue: "Internal Server Error",
        CoAPCode.notImplemented.rawValue: "Not Implemented",
        CoAPCode.serviceUnavailable.rawValue: "Service Unavailable",
        CoAPCode.gatewayTimeout.rawValue: "Gateway Timeout",
    ]
}
