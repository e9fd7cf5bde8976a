/// OMA TLV (11542, legacy 1542), LwM2M TS Core §7.4.3: a binary tree of object instances,
/// resources, multiple resources and resource instances. Values carry no type; the model gives it.
enum TLVCodec {
    /// The four kinds of TLV entry (bits 7–6 of the type byte).
    enum Kind: UInt8 {
        case objectInstance = 0, resourceInstance = 1, multipleResource = 2, resourceValue = 3

        var name: String {
            switch self {
            case .objectInstance: "object instance"
            case .resourceInstance: "resource instance"
            case .multipleResource: "multiple resource"
            case .resourceValue: "resource"
            }
        }
    }

    /// One parsed entry; containers hold their children, values the range of their bytes.
    struct Entry {
        var kind: Kind
        var id: UInt16
        var offset: Int
        var valueRange: Range<Int>
        var children: [Entry]
    }

    // MARK: Decode

    /// Decodes a TLV payload addressed to `path`.
    static func decode(_ payload: [UInt8], path: LwM2MPath, types: ResourceTypeLookup) throws(LwM2MDecodeError) -> LwM2MNodes {
        let top = try parseEntries(payload, in: 0..<payload.count, depth: 0)
        var nodes = LwM2MNodes()
        switch path.level {
        case .root:
            throw LwM2MDecodeError(byteOffset: nil, reason: "TLV cannot carry several objects; ask for an object (/o) or deeper")
        case .object:
            for entry in top {
                guard entry.kind == .objectInstance else {
                    throw LwM2MDecodeError(byteOffset: entry.offset, reason: "a TLV for object \(path) must hold object instances, found a \(entry.kind.name) \(entry.id) (decode a Create body at its new instance's path /o/i)")
                }
                try addResources(payload, types, entry.children, instance: path.appendingUnchecked(entry.id), into: &nodes)
            }
        case .objectInstance:
            if top.count == 1, top[0].kind == .objectInstance {
                guard top[0].id == path.instanceID else {
                    throw LwM2MDecodeError(byteOffset: top[0].offset, reason: "TLV holds object instance \(top[0].id) but the path is \(path)")
                }
                try addResources(payload, types, top[0].children, instance: path, into: &nodes)
            } else {
                try addResources(payload, types, top, instance: path, into: &nodes)
            }
        case .resource:
            for entry in top {
                switch entry.kind {
                case .resourceValue, .multipleResource:
                    guard entry.id == path.resourceID else {
                        throw LwM2MDecodeError(byteOffset: entry.offset, reason: "TLV holds resource \(entry.id) but the path is \(path)")
                    }
                    try addResources(payload, types, [entry], instance: path.parent, into: &nodes)
                case .resourceInstance:
                    try addInstance(payload, types, entry, resource: path, into: &nodes)
                case .objectInstance:
                    throw LwM2MDecodeError(byteOffset: entry.offset, reason: "TLV holds an object instance but the path is the resource \(path)")
                }
            }
        case .resourceInstance:
            for entry in top {
                guard entry.kind == .resourceInstance, entry.id == path.resourceInstanceID else {
                    throw LwM2MDecodeError(byteOffset: entry.offset, reason: "TLV holds a \(entry.kind.name) \(entry.id) but the path is the resource instance \(path)")
                }
                try addInstance(payload, types, entry, resource: path.parent, into: &nodes)
            }
        }
        return nodes
    }

    private static func addResources(_ payload: [UInt8], _ types: ResourceTypeLookup, _ entries: [Entry], instance: LwM2MPath, into nodes: inout LwM2MNodes) throws(LwM2MDecodeError) {
        for entry in entries {
            let resource = instance.appendingUnchecked(entry.id)
            switch entry.kind {
            case .resourceValue:
                nodes.values[resource] = try value(payload, types, entry, path: resource)
            case .multipleResource:
                for child in entry.children { try addInstance(payload, types, child, resource: resource, into: &nodes) }
            default:
                throw LwM2MDecodeError(byteOffset: entry.offset, reason: "a \(entry.kind.name) cannot appear inside object instance \(instance)")
            }
        }
    }

    private static func addInstance(_ payload: [UInt8], _ types: ResourceTypeLookup, _ entry: Entry, resource: LwM2MPath, into nodes: inout LwM2MNodes) throws(LwM2MDecodeError) {
        guard entry.kind == .resourceInstance else {
            throw LwM2MDecodeError(byteOffset: entry.offset, reason: "a \(entry.kind.name) cannot appear inside multiple resource \(resource)")
        }
        let path = resource.appendingUnchecked(entry.id)
        nodes.values[path] = try value(payload, types, entry, path: path)
    }

    private static func value(_ payload: [UInt8], _ types: ResourceTypeLookup, _ entry: Entry, path: LwM2MPath) throws(LwM2MDecodeError) -> ResourceValue {
        let bytes = Array(payload[entry.valueRange])
        return try value(bytes, type: types(NodeLayout.resourcePath(of: path)), path: path, offset: entry.valueRange.lowerBound)
    }

    /// Parses the entries in `range`; containers are parsed recursively (at most three levels).
    static func parseEntries(_ payload: [UInt8], in range: Range<Int>, depth: Int) throws(LwM2MDecodeError) -> [Entry] {
        var entries: [Entry] = []
        var p = range.lowerBound
        func need(_ n: Int, _ what: String) throws(LwM2MDecodeError) {
            guard range.upperBound - p >= n else {
                throw LwM2MDecodeError(byteOffset: p, reason: "TLV ends inside an entry's \(what)")
            }
        }
        while p < range.upperBound {
            let start = p
            let type = payload[p]
            p += 1
            guard let kind = Kind(rawValue: type >> 6) else { throw LwM2MDecodeError(byteOffset: start, reason: "bad TLV type") }
            let idLength = type & 0x20 != 0 ? 2 : 1
            try need(idLength, "identifier")
            var id = UInt16(payload[p])
            if idLength == 2 { id = id << 8 | UInt16(payload[p + 1]) }
            p += idLength
            var length: Int
            let lengthType = Int((type >> 3) & 0x03)
            if lengthType == 0 {
                length = Int(type & 0x07)
            } else {
                try need(lengthType, "length")
                length = 0
                for _ in 0..<lengthType { length = length << 8 | Int(payload[p]); p += 1 }
            }
            guard length <= range.upperBound - p else {
                throw LwM2MDecodeError(byteOffset: start, reason: "TLV \(kind.name) \(id) says \(length) byte(s) but only \(range.upperBound - p) remain")
            }
            guard id != 65535 else { throw LwM2MDecodeError(byteOffset: start, reason: "TLV identifier 65535 is reserved") }
            let valueRange = p..<(p + length)
            var children: [Entry] = []
            switch kind {
            case .objectInstance, .multipleResource:
                guard depth < 2 else {
                    throw LwM2MDecodeError(byteOffset: start, reason: "TLV \(kind.name) nested too deep")
                }
                children = try parseEntries(payload, in: valueRange, depth: kind == .objectInstance ? depth + 1 : 2)
            case .resourceInstance, .resourceValue:
                break
            }
            entries.append(Entry(kind: kind, id: id, offset: start, valueRange: valueRange, children: children))
            p += length
        }
        return entries
    }

    /// Interprets a TLV value's bytes as `type` (unknown: the raw bytes).
    static func value(_ bytes: [UInt8], type: ResourceType?, path: LwM2MPath, offset: Int) throws(LwM2MDecodeError) -> ResourceValue {
        func fail(_ expected: String) -> LwM2MDecodeError {
            LwM2MDecodeError(byteOffset: offset, reason: "\(path) is \(type?.rawValue ?? "?") but its TLV value has \(bytes.count) byte(s); expected \(expected)")
        }
        switch type {
        case nil, .opaque?, ResourceType.none?:
            return .opaque(bytes)
        case .string?, .corelnk?:
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw LwM2MDecodeError(byteOffset: offset + PlainTextCodec.firstInvalidUTF8Offset(bytes), reason: "string value of \(path) is not valid UTF-8")
            }
            return type == .string ? .string(s) : .corelnk(s)
        case .integer?, .time?:
            guard [1, 2, 4, 8].contains(bytes.count) else { throw fail("1, 2, 4 or 8") }
            var v = Int64(Int8(bitPattern: bytes[0]))
            for b in bytes.dropFirst() { v = v << 8 | Int64(b) }
            return type == .integer ? .integer(v) : .time(v)
        case .unsignedInteger?:
            guard [1, 2, 4, 8].contains(bytes.count) else { throw fail("1, 2, 4 or 8") }
            return .unsignedInteger(bytes.reduce(0) { $0 << 8 | UInt64($1) })
        case .float?:
            let bits = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            switch bytes.count {
            case 4: return .float(Double(Float(bitPattern: UInt32(bits))))
            case 8: return .float(Double(bitPattern: bits))
            default: throw fail("4 or 8")
            }
        case .boolean?:
            guard bytes.count == 1, bytes[0] <= 1 else {
                throw LwM2MDecodeError(byteOffset: offset, reason: "\(path) is Boolean but its TLV value is not one byte 0 or 1")
            }
            return .boolean(bytes[0] == 1)
        case .objlnk?:
            guard bytes.count == 4 else { throw fail("4") }
            return .objlnk(ObjectLink(objectID: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), instanceID: UInt16(bytes[2]) << 8 | UInt16(bytes[3])))
        }
    }

    // MARK: Encode

    /// Encodes values for `path` as TLV: object instances for an object, resources for an
    /// instance, a resource (or multiple resource) for a resource, an instance for an instance.
    static func encode(_ nodes: LwM2MNodes, path: LwM2MPath) throws(LwM2MEncodeError) -> [UInt8] {
        let entries = try NodeLayout.entries(nodes, under: path)
        var out: [UInt8] = []
        switch path.level {
        case .root:
            throw LwM2MEncodeError(reason: "TLV cannot carry several objects; use an object path (/o) or deeper")
        case .object:
            for group in groups(entries, level: 1) {
                appendEntry(.objectInstance, id: group.id, body: resourcesBody(group.entries), to: &out)
            }
        case .objectInstance:
            out = resourcesBody(entries)
        case .resource:
            out = resourcesBody(entries)
        case .resourceInstance:
            for e in entries { appendEntry(.resourceInstance, id: e.path.ids[3], body: valueBytes(e.value), to: &out) }
        }
        return out
    }

    private static func groups(_ entries: [(path: LwM2MPath, value: ResourceValue)], level: Int) -> [(id: UInt16, entries: [(path: LwM2MPath, value: ResourceValue)])] {
        var result: [(id: UInt16, entries: [(path: LwM2MPath, value: ResourceValue)])] = []
        for e in entries {
            let id = e.path.ids[level]
            if let last = result.last, last.id == id { result[result.count - 1].entries.append(e) } else { result.append((id, [e])) }
        }
        return result
    }

    /// Resource and multiple-resource entries for values of one object instance.
    private static func resourcesBody(_ entries: [(path: LwM2MPath, value: ResourceValue)]) -> [UInt8] {
        var out: [UInt8] = []
        for group in groups(entries, level: 2) {
            if group.entries.count == 1, group.entries[0].path.level == .resource {
                appendEntry(.resourceValue, id: group.id, body: valueBytes(group.entries[0].value), to: &out)
            } else {
                var body: [UInt8] = []
                for e in group.entries { appendEntry(.resourceInstance, id: e.path.ids[3], body: valueBytes(e.value), to: &body) }
                appendEntry(.multipleResource, id: group.id, body: body, to: &out)
            }
        }
        return out
    }

    private static func appendEntry(_ kind: Kind, id: UInt16, body: [UInt8], to out: inout [UInt8]) {
        var type = kind.rawValue << 6
        if id > 0xff { type |= 0x20 }
        let length = body.count
        let lengthBytes: Int
        switch length {
        case 0..<8: type |= UInt8(length); lengthBytes = 0
        case 8..<0x100: type |= 0x08; lengthBytes = 1
        case 0x100..<0x10000: type |= 0x10; lengthBytes = 2
        default: type |= 0x18; lengthBytes = 3
        }
        out.append(type)
        if id > 0xff { out.append(UInt8(id >> 8)) }
        out.append(UInt8(truncatingIfNeeded: id))
        for i in stride(from: lengthBytes - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: length >> (8 * i))) }
        out += body
    }

    /// The TLV bytes of one value (integers in the fewest of 1/2/4/8 bytes, floats in 4 bytes when exact).
    static func valueBytes(_ value: ResourceValue) -> [UInt8] {
        switch value {
        case .string(let s), .corelnk(let s): return Array(s.utf8)
        case .opaque(let b): return b
        case .boolean(let v): return [v ? 1 : 0]
        case .integer(let v), .time(let v):
            let width = Int64(exactly: Int8(truncatingIfNeeded: v)) == v ? 1 : Int64(Int16(truncatingIfNeeded: v)) == v ? 2 : Int64(Int32(truncatingIfNeeded: v)) == v ? 4 : 8
            return bigEndian(UInt64(bitPattern: v), width: width)
        case .unsignedInteger(let v):
            return bigEndian(v, width: v <= 0xff ? 1 : v <= 0xffff ? 2 : v <= 0xffff_ffff ? 4 : 8)
        case .float(let v):
            let single = Float(v)
            if Double(single) == v { return bigEndian(UInt64(single.bitPattern), width: 4) }
            return bigEndian(v.bitPattern, width: 8)
        case .objlnk(let link):
            return [UInt8(link.objectID >> 8), UInt8(truncatingIfNeeded: link.objectID), UInt8(link.instanceID >> 8), UInt8(truncatingIfNeeded: link.instanceID)]
        }
    }

    private static func bigEndian(_ v: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64(width - 1 - $0))) }
    }
}

extension LwM2MPath {
    /// One level down, for IDs already checked not to be 65535 at a level that is not the last.
    func appendingUnchecked(_ id: UInt16) -> LwM2MPath {
        appending(id) ?? self
    }
}
