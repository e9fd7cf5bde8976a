/// CoAP content formats LwM2M uses, with their registered numbers.
public enum ContentFormat: UInt16, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case text = 0
    case linkFormat = 40
    case opaque = 42
    case cbor = 60
    case senmlJSON = 110
    case senmlCBOR = 112
    case tlv = 11542
    case lwm2mJSON = 11543
    /// Deprecated pre-registration number of TLV (LwM2M 1.0 clients still send it).
    case legacyTLV = 1542
    /// Deprecated pre-registration number of LwM2M JSON.
    case legacyLwM2MJSON = 1543

    /// The media type name.
    public var mediaType: String {
        switch self {
        case .text: "text/plain"
        case .linkFormat: "application/link-format"
        case .opaque: "application/octet-stream"
        case .cbor: "application/cbor"
        case .senmlJSON: "application/senml+json"
        case .senmlCBOR: "application/senml+cbor"
        case .tlv, .legacyTLV: "application/vnd.oma.lwm2m+tlv"
        case .lwm2mJSON, .legacyLwM2MJSON: "application/vnd.oma.lwm2m+json"
        }
    }

    public var description: String { "\(mediaType) (\(rawValue))" }
}
