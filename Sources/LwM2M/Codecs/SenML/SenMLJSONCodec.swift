/// SenML JSON (110), RFC 8428 with LwM2M 1.1's `vlo` for object links: an array of records.
/// Opaque values travel in `vd` as base64url without padding.
enum SenMLJSONCodec {
    /// Reads the records of a payload.
    static func records(_ payload: [UInt8]) throws(LwM2MDecodeError) -> [SenMLRecord] {
        let root = try JSONPayloadParser.parse(payload)
        guard case .array(let elements) = root.value else {
            throw LwM2MDecodeError(byteOffset: root.offset, reason: "SenML JSON must be an array of records, found \(root.value.kindName)")
        }
        var records: [SenMLRecord] = []
        records.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .object(let fields) = element.value else {
                throw LwM2MJSONCodec.wrongKind("record \(index)", "an object", element)
            }
            var record = SenMLRecord(offset: element.offset)
            for field in fields {
                let node = field.value
                func string() throws(LwM2MDecodeError) -> String {
                    guard case .string(let s) = node.value else { throw LwM2MJSONCodec.wrongKind("\"\(field.name)\" of record \(index)", "a string", node) }
                    return s
                }
                func number() throws(LwM2MDecodeError) -> DecodedScalar {
                    guard case .number(let text) = node.value, let v = DecodedScalar(jsonNumber: text) else {
                        throw LwM2MJSONCodec.wrongKind("\"\(field.name)\" of record \(index)", "a number", node)
                    }
                    return v
                }
                switch field.name {
                case "bn": record.baseName = try string()
                case "bt": record.baseTime = try number().doubleValue
                case "bv": record.baseValue = try number().doubleValue
                case "n": record.name = try string()
                case "t": record.time = try number().doubleValue
                case "v": record.value = .number(try number())
                case "vs": record.value = .string(try string())
                case "vb":
                    guard case .bool(let b) = node.value else { throw LwM2MJSONCodec.wrongKind("\"vb\" of record \(index)", "true or false", node) }
                    record.value = .boolean(b)
                case "vd":
                    guard let data = Base64Text.decode(try string()) else {
                        throw LwM2MDecodeError(byteOffset: node.offset, reason: "\"vd\" of record \(index) is not base64")
                    }
                    record.value = .data(data)
                case "vlo":
                    guard let link = ObjectLink(lwm2mText: try string()) else {
                        throw LwM2MJSONCodec.wrongKind("\"vlo\" of record \(index)", "an object link \"o:i\"", node)
                    }
                    record.value = .objectLink(link)
                case let label where label.hasSuffix("_"):
                    // RFC 8428 §4.4: labels ending in "_" must be understood or the pack refused.
                    throw LwM2MDecodeError(byteOffset: node.offset, reason: "record \(index) has must-understand label \"\(label)\" this decoder does not know")
                default:
                    break // u, s, ut, bu, bs, bver and extensions do not change LwM2M values.
                }
            }
            records.append(record)
        }
        return records
    }

    /// Encodes values for `path`.
    static func encode(_ nodes: LwM2MNodes, path: LwM2MPath) throws(LwM2MEncodeError) -> [UInt8] {
        var w = JSONPayloadWriter()
        w.raw("[")
        for (i, record) in try SenMLResolver.records(nodes, path: path).enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            var first = true
            func separate() { if !first { w.raw(",") }; first = false }
            if let bn = record.baseName { separate(); w.key("bn"); w.string(bn) }
            if !record.name.isEmpty { separate(); w.key("n"); w.string(record.name) }
            separate()
            switch record.value {
            case .string(let s), .corelnk(let s): w.key("vs"); w.string(s)
            case .opaque(let b): w.key("vd"); w.string(Base64Text.encode(b, urlSafe: true, padded: false))
            case .integer(let v), .time(let v): w.key("v"); w.raw(String(v))
            case .unsignedInteger(let v): w.key("v"); w.raw(String(v))
            case .float(let v): w.key("v"); w.raw(try JSONPayloadWriter.number(v))
            case .boolean(let v): w.key("vb"); w.raw(v ? "true" : "false")
            case .objlnk(let link): w.key("vlo"); w.string("\(link.objectID):\(link.instanceID)")
            }
            w.raw("}")
        }
        w.raw("]")
        return Array(w.text.utf8)
    }

    /// Encodes a list of paths as records with names only (a Read-Composite request body).
    static func encode(paths: [LwM2MPath]) -> [UInt8] {
        var w = JSONPayloadWriter()
        w.raw("[")
        for (i, p) in paths.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("n")
            w.string(p.description)
            w.raw("}")
        }
        w.raw("]")
        return Array(w.text.utf8)
    }
}
