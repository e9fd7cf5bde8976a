/// OMA LwM2M JSON (11543, legacy 1543), LwM2M TS Core 1.0 §6.4.4: `{"bn":…,"bt":…,"e":[{"n":…,
/// "v"|"bv"|"ov"|"sv":…,"t":…}]}`. Names are the base name plus the entry's name; opaque values
/// travel base64 in `sv`, object links as `"o:i"` in `ov`, time as seconds in `v`.
enum LwM2MJSONCodec {
    /// Decodes a payload addressed to `path`. When entries repeat a name (historical values with
    /// timestamps), the newest is kept (see `TimedValues`).
    static func decode(_ payload: [UInt8], path: LwM2MPath, types: ResourceTypeLookup) throws(LwM2MDecodeError) -> LwM2MNodes {
        let root = try JSONPayloadParser.parse(payload)
        guard case .object(let members) = root.value else {
            throw LwM2MDecodeError(byteOffset: root.offset, reason: "LwM2M JSON must be an object with an \"e\" array, found \(root.value.kindName)")
        }
        var baseName = ""
        var baseTime: Double?
        var entriesNode: JSONPayloadNode?
        for member in members {
            switch member.name {
            case "bn":
                guard case .string(let s) = member.value.value else { throw wrongKind("\"bn\"", "a string", member.value) }
                baseName = s
            case "bt":
                guard case .number(let text) = member.value.value, let t = Double(text) else { throw wrongKind("\"bt\"", "a number", member.value) }
                baseTime = t
            case "e":
                entriesNode = member.value
            default:
                break // Unknown members are ignored, as the spec asks of extensions.
            }
        }
        guard let entriesNode else { throw LwM2MDecodeError(byteOffset: root.offset, reason: "LwM2M JSON has no \"e\" array") }
        guard case .array(let entries) = entriesNode.value else { throw wrongKind("\"e\"", "an array", entriesNode) }
        var nodes = TimedValues()
        for (index, entry) in entries.enumerated() {
            guard case .object(let fields) = entry.value else { throw wrongKind("entry \(index)", "an object", entry) }
            var name = ""
            var time: Double?
            var scalar: (DecodedScalar, JSONPayloadNode, isBase64Candidate: Bool)?
            for field in fields {
                let node = field.value
                switch field.name {
                case "n":
                    guard case .string(let s) = node.value else { throw wrongKind("\"n\" of entry \(index)", "a string", node) }
                    name = s
                case "v":
                    guard case .number(let text) = node.value, let v = DecodedScalar(jsonNumber: text) else { throw wrongKind("\"v\" of entry \(index)", "a number", node) }
                    scalar = (v, node, false)
                case "bv":
                    guard case .bool(let b) = node.value else { throw wrongKind("\"bv\" of entry \(index)", "true or false", node) }
                    scalar = (.boolean(b), node, false)
                case "ov":
                    guard case .string(let s) = node.value, let link = ObjectLink(lwm2mText: s) else { throw wrongKind("\"ov\" of entry \(index)", "an object link \"o:i\"", node) }
                    scalar = (.objlnk(link), node, false)
                case "sv":
                    guard case .string(let s) = node.value else { throw wrongKind("\"sv\" of entry \(index)", "a string", node) }
                    scalar = (.string(s), node, true)
                case "t":
                    guard case .number(let text) = node.value, let t = Double(text) else { throw wrongKind("\"t\" of entry \(index)", "a number", node) }
                    time = t
                default:
                    break
                }
            }
            guard let (value, valueNode, isString) = scalar else {
                throw LwM2MDecodeError(byteOffset: entry.offset, reason: "entry \(index) has no value (\"v\", \"bv\", \"ov\" or \"sv\")")
            }
            let valuePath = try NodeLayout.valuePath(fromName: baseName + name, requestPath: path, offset: entry.offset)
            let entryTime: Double? = time == nil && baseTime == nil ? nil : (baseTime ?? 0) + (time ?? 0)
            let type = types(NodeLayout.resourcePath(of: valuePath))
            if isString, type == .opaque, case .string(let text) = value {
                guard let bytes = Base64Text.decode(text) else {
                    throw LwM2MDecodeError(byteOffset: valueNode.offset, reason: "\(valuePath) is Opaque but its \"sv\" is not base64")
                }
                nodes.set(.opaque(bytes), at: valuePath, time: entryTime)
            } else {
                nodes.set(value.typed(as: type), at: valuePath, time: entryTime)
            }
        }
        return nodes.nodes
    }

    static func wrongKind(_ what: String, _ expected: String, _ node: JSONPayloadNode) -> LwM2MDecodeError {
        LwM2MDecodeError(byteOffset: node.offset, reason: "\(what) must be \(expected), found \(node.value.kindName)")
    }

    /// Encodes values for `path` (base name = the path, entry names relative to it).
    static func encode(_ nodes: LwM2MNodes, path: LwM2MPath) throws(LwM2MEncodeError) -> [UInt8] {
        let entries = try NodeLayout.entries(nodes, under: path)
        var w = JSONPayloadWriter()
        w.raw("{")
        w.key("bn")
        w.string(NodeLayout.baseName(for: path, entries: entries))
        w.raw(",")
        w.key("e")
        w.raw("[")
        for (i, e) in entries.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            let name = NodeLayout.relativeName(e.path, below: path)
            if !name.isEmpty { w.key("n"); w.string(name); w.raw(",") }
            switch e.value {
            case .string(let s), .corelnk(let s): w.key("sv"); w.string(s)
            case .opaque(let b): w.key("sv"); w.string(Base64Text.encode(b))
            case .integer(let v), .time(let v): w.key("v"); w.raw(String(v))
            case .unsignedInteger(let v): w.key("v"); w.raw(String(v))
            case .float(let v): w.key("v"); w.raw(try JSONPayloadWriter.number(v))
            case .boolean(let v): w.key("bv"); w.raw(v ? "true" : "false")
            case .objlnk(let link): w.key("ov"); w.string("\(link.objectID):\(link.instanceID)")
            }
            w.raw("}")
        }
        w.raw("]}")
        return Array(w.text.utf8)
    }
}
