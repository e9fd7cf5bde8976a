/// SenML CBOR (112), RFC 8428 §6: an array of maps with integer labels (bn −2, bt −3, bv −5,
/// n 0, v 2, vs 3, vb 4, t 6, vd 8) and LwM2M's text label "vlo" for object links.
enum SenMLCBORCodec {
    /// Integer labels of RFC 8428 Table 6.
    enum Label {
        static let baseVersion: Int64 = -1, baseName: Int64 = -2, baseTime: Int64 = -3, baseUnit: Int64 = -4
        static let baseValue: Int64 = -5, baseSum: Int64 = -6
        static let name: Int64 = 0, unit: Int64 = 1, value: Int64 = 2, stringValue: Int64 = 3, boolValue: Int64 = 4
        static let sum: Int64 = 5, time: Int64 = 6, updateTime: Int64 = 7, dataValue: Int64 = 8
    }

    /// Reads the records of a payload.
    static func records(_ payload: [UInt8]) throws(LwM2MDecodeError) -> [SenMLRecord] {
        let root = try CBORDecoder.decode(payload)
        guard case .array(let elements) = root.value else {
            throw LwM2MDecodeError(byteOffset: root.offset, reason: "SenML CBOR must be an array of records, found \(root.value.kindName)")
        }
        var records: [SenMLRecord] = []
        records.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .map(let entries) = element.value else {
                throw wrongKind("record \(index)", "a map", element)
            }
            var record = SenMLRecord(offset: element.offset)
            for entry in entries {
                let item = entry.value
                // Built only when an error is thrown (string formatting per field is costly).
                var what: String { "label \(labelText(entry.key)) of record \(index)" }
                func string() throws(LwM2MDecodeError) -> String {
                    guard case .text(let s) = item.value else { throw wrongKind(what, "a text string", item) }
                    return s
                }
                func number() throws(LwM2MDecodeError) -> DecodedScalar {
                    guard let n = numericScalar(item) else { throw wrongKind(what, "a number", item) }
                    return n
                }
                switch entry.key.value {
                case .negative, .unsigned:
                    guard let label = integerLabel(entry.key.value) else { continue }
                    switch label {
                    case Label.baseName: record.baseName = try string()
                    case Label.baseTime: record.baseTime = try number().doubleValue
                    case Label.baseValue: record.baseValue = try number().doubleValue
                    case Label.name: record.name = try string()
                    case Label.time: record.time = try number().doubleValue
                    case Label.value: record.value = .number(try number())
                    case Label.stringValue: record.value = .string(try string())
                    case Label.boolValue:
                        guard case .bool(let b) = item.value else { throw wrongKind(what, "true or false", item) }
                        record.value = .boolean(b)
                    case Label.dataValue:
                        guard case .bytes(let d) = item.value else { throw wrongKind(what, "a byte string", item) }
                        record.value = .data(d)
                    default: break
                    }
                case .text(let label):
                    if label == "vlo" {
                        guard let link = ObjectLink(lwm2mText: try string()) else { throw wrongKind(what, "an object link \"o:i\"", item) }
                        record.value = .objectLink(link)
                    } else if label.hasSuffix("_") {
                        throw LwM2MDecodeError(byteOffset: entry.key.offset, reason: "record \(index) has must-understand label \"\(label)\" this decoder does not know")
                    }
                default:
                    throw LwM2MDecodeError(byteOffset: entry.key.offset, reason: "record \(index) has a label that is \(entry.key.value.kindName), not an integer or text")
                }
            }
            records.append(record)
        }
        return records
    }

    private static func integerLabel(_ value: CBORValue) -> Int64? {
        switch value {
        case .unsigned(let u): Int64(exactly: u)
        case .negative(let n): n < UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: nil
        }
    }

    private static func labelText(_ key: CBORItem) -> String {
        if let i = integerLabel(key.value) { return String(i) }
        if case .text(let s) = key.value { return "\"\(s)\"" }
        return "?"
    }

    static func wrongKind(_ what: String, _ expected: String, _ item: CBORItem) -> LwM2MDecodeError {
        LwM2MDecodeError(byteOffset: item.offset, reason: "\(what) must be \(expected), found \(item.value.kindName)")
    }

    /// A CBOR number (integer, negative integer, float, or a tag-1 time around one) as a scalar.
    static func numericScalar(_ item: CBORItem) -> DecodedScalar? {
        switch item.value {
        case .unsigned(let u): return Int64(exactly: u).map(DecodedScalar.integer) ?? .unsignedInteger(u)
        case .negative(let n):
            // -1 - n fits Int64 when n ≤ Int64.max; beyond that only a float can hold it.
            if let i = Int64(exactly: n) { return .integer(-1 - i) }
            return .float(-1 - Double(n))
        case .float(let d): return .float(d)
        case .tagged(1, let inner): return numericScalar(inner)
        default: return nil
        }
    }

    /// Encodes values for `path`.
    static func encode(_ nodes: LwM2MNodes, path: LwM2MPath) throws(LwM2MEncodeError) -> [UInt8] {
        let records = try SenMLResolver.records(nodes, path: path)
        var e = CBOREncoder()
        e.writeArrayHead(records.count)
        for record in records {
            e.writeMapHead((record.baseName == nil ? 0 : 1) + (record.name.isEmpty ? 0 : 1) + 1)
            if let bn = record.baseName { e.write(Label.baseName); e.write(bn) }
            if !record.name.isEmpty { e.write(Label.name); e.write(record.name) }
            switch record.value {
            case .string(let s), .corelnk(let s): e.write(Label.stringValue); e.write(s)
            case .opaque(let b): e.write(Label.dataValue); e.write(bytes: b)
            case .integer(let v), .time(let v): e.write(Label.value); e.write(v)
            case .unsignedInteger(let v): e.write(Label.value); e.write(v)
            case .float(let v): e.write(Label.value); e.write(v)
            case .boolean(let v): e.write(Label.boolValue); e.write(v)
            case .objlnk(let link): e.write("vlo"); e.write("\(link.objectID):\(link.instanceID)")
            }
        }
        return e.bytes
    }

    /// Encodes a list of paths as records with names only (a Read-Composite request body).
    static func encode(paths: [LwM2MPath]) -> [UInt8] {
        var e = CBOREncoder()
        e.writeArrayHead(paths.count)
        for p in paths {
            e.writeMapHead(1)
            e.write(Label.name)
            e.write(p.description)
        }
        return e.bytes
    }
}
