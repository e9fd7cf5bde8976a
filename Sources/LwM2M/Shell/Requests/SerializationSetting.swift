/// The content format an operator picks for a device (`serialization …`).
public enum SerializationSetting: String, Hashable, Sendable, CaseIterable {
    case tlv = "TLV"
    case json = "JSON"
    case cbor = "CBOR"
    case text = "TEXT"
    case opaque = "OPAQUE"
    case senmlJSON = "SENML_JSON"
    case senmlCBOR = "SENML_CBOR"
    /// Let the console pick the best format the device supports.
    case `default` = "DEFAULT"

    /// The content format; nil for `DEFAULT`.
    public var contentFormat: ContentFormat? {
        switch self {
        case .tlv: .tlv
        case .json: .lwm2mJSON
        case .cbor: .cbor
        case .text: .text
        case .opaque: .opaque
        case .senmlJSON: .senmlJSON
        case .senmlCBOR: .senmlCBOR
        case .default: nil
        }
    }
}
