/// Sample values for benchmarks, fuzz seeds and tests: every value type, single and multiple
/// resources, in object instances of chosen size.
public enum CodecSamples {
    /// Object ID used by the synthetic samples (in the private range, no real object).
    public static let sampleObjectID: UInt16 = 32769

    /// An object instance `/32769/instance` with `resourceCount` resources cycling through every
    /// value type; every tenth resource is a multiple resource with three integer instances.
    public static func objectInstance(resourceCount: Int, instance: UInt16 = 0) -> LwM2MNodes {
        var nodes = LwM2MNodes()
        for r in 0..<UInt16(clamping: resourceCount) {
            let path = LwM2MPath(object: sampleObjectID, instance: instance, resource: r)
            if r % 10 == 9 {
                for ri in 0..<UInt16(3) {
                    nodes.values[LwM2MPath(object: sampleObjectID, instance: instance, resource: r, resourceInstance: ri)] = .integer(Int64(r) * 100 + Int64(ri))
                }
                continue
            }
            nodes.values[path] = sampleValue(index: Int(r))
        }
        return nodes
    }

    /// A value of the `index % 9`-th type (string, integer, unsigned, float, boolean, opaque,
    /// time, object link, core link).
    public static func sampleValue(index: Int) -> ResourceValue {
        switch index % 9 {
        case 0: .string("value \(index) ünïcødé \"quoted\"")
        case 1: .integer(-Int64(index) * 1_000_003)
        case 2: .unsignedInteger(UInt64(index) * 4_000_000_007)
        case 3: .float(Double(index) + 0.25)
        case 4: .boolean(index % 2 == 0)
        case 5: .opaque((0..<UInt8(clamping: 4 + index % 13)).map { $0 &* 37 })
        case 6: .time(1_700_000_000 + Int64(index))
        case 7: .objlnk(ObjectLink(objectID: UInt16(index), instanceID: 1))
        default: .corelnk("</3/0>;ver=1.1,</\(index)>")
        }
    }

    /// A type lookup that answers with the types of `nodes` (by resource path).
    public static func typeLookup(for nodes: LwM2MNodes) -> ResourceTypeLookup {
        var types: [LwM2MPath: ResourceType] = [:]
        for (path, value) in nodes.values {
            types[path.level == .resourceInstance ? path.parent : path] = value.type
        }
        let frozen = types
        return { frozen[$0] }
    }
}
