/// application/cbor (60) for one resource value (LwM2M TS Core 1.1 §7.4.6): strings and core
/// links as text strings, opaque as a byte string, object links as text `"o:i"`, time as an
/// integer number of seconds (a tag-1 epoch time is accepted too).
enum CBORSingleValueCodec {
    /// Decodes one value of `type` (nil: as the CBOR says).
    static func decode(_ payload: [UInt8], type: ResourceType?) throws(LwM2MDecodeError) -> ResourceValue {
        let item = try CBORDecoder.decode(payload)
        let scalar: DecodedScalar
        switch item.value {
        case .text(let s): scalar = .string(s)
        case .bytes(let b): scalar = .bytes(b)
        case .bool(let b): scalar = .boolean(b)
        case .tagged(1, let inner):
            guard let n = SenMLCBORCodec.numericScalar(inner) else {
                throw SenMLCBORCodec.wrongKind("a tag-1 time", "a number", inner)
            }
            // A tagged epoch time is a time whatever the model says.
            return n.typed(as: type ?? .time)
        default:
            guard let n = SenMLCBORCodec.numericScalar(item) else {
                throw LwM2MDecodeError(byteOffset: item.offset, reason: "a CBOR single value must be a number, string, byte string or boolean, found \(item.value.kindName)")
            }
            scalar = n
        }
        return scalar.typed(as: type)
    }

    /// Encodes one value.
    static func encode(_ value: ResourceValue) -> [UInt8] {
        var e = CBOREncoder()
        switch value {
        case .string(let s), .corelnk(let s): e.write(s)
        case .opaque(let b): e.write(bytes: b)
        case .integer(let v), .time(let v): e.write(v)
        case .unsignedInteger(let v): e.write(v)
        case .float(let v): e.write(v)
        case .boolean(let v): e.write(v)
        case .objlnk(let link): e.write("\(link.objectID):\(link.instanceID)")
        }
        return e.bytes
    }
}
