/// The content format an operator picks for a device (`serialization …`).
public enum SerializationSetting: String, Hashable, Sendable, CaseIterable {
    /// OMA TLV (11542).
    case tlv = "TLV"
    /// OMA LwM2M JSON (11543).
    case json = "JSON"
    /// CBOR single value (60).
    case cbor = "CBOR"
    /// text/plain (0).
    case text = "TEXT"
    /// application/octet-stream (42).
    case opaque = "OPAQUE"
    /// SenML JSON (110).
    case senmlJSON = "SENML_JSON"
    /// SenML CBOR (112).
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
