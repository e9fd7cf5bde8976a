/// One SenML record (RFC 8428) as read from JSON or CBOR, before base fields are applied.
struct SenMLRecord: Sendable {
    /// Offset of the record in the payload (for errors).
    var offset: Int
    var baseName: String?
    var baseTime: Double?
    var baseValue: Double?
    var name: String?
    var time: Double?
    var value: SenMLValue?
}

/// The value of a SenML record: `v`, `vs`, `vb`, `vd`, or LwM2M's object link `vlo`.
enum SenMLValue: Sendable {
    case number(DecodedScalar)
    case string(String)
    case boolean(Bool)
    case data([UInt8])
    case objectLink(ObjectLink)

    /// The value as a format-neutral scalar.
    var scalar: DecodedScalar {
        switch self {
        case .number(let n): n
        case .string(let s): .string(s)
        case .boolean(let b): .boolean(b)
        case .data(let d): .bytes(d)
        case .objectLink(let l): .objlnk(l)
        }
    }
}
