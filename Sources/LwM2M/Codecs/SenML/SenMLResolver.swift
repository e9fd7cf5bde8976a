/// A record after base name, base time and base value are applied (RFC 8428 §4.6).
struct ResolvedSenMLRecord: Sendable {
    var offset: Int
    /// Base name + name.
    var name: String
    /// Absolute or relative time (base time + time), when any was given.
    var time: Double?
    var value: SenMLValue?
}

/// Applies SenML base fields and maps records to LwM2M values.
enum SenMLResolver {
    /// Resolves names, times and values; base fields carry over to later records until replaced.
    static func resolve(_ records: [SenMLRecord]) -> [ResolvedSenMLRecord] {
        var baseName = ""
        var baseTime: Double?
        var baseValue: Double?
        return records.map { record in
            if let bn = record.baseName { baseName = bn }
            if let bt = record.baseTime { baseTime = bt }
            if let bv = record.baseValue { baseValue = bv }
            var time: Double?
            if record.time != nil || baseTime != nil { time = (baseTime ?? 0) + (record.time ?? 0) }
            var value = record.value
            if let baseValue {
                switch value {
                case .number(let n)?: value = .number(.float(baseValue + n.doubleValue))
                case nil: value = .number(.float(baseValue))
                default: break
                }
            }
            return ResolvedSenMLRecord(offset: record.offset, name: baseName + (record.name ?? ""), time: time, value: value)
        }
    }

    /// Turns resolved records into values under `path`, typed by the model. A name repeated
    /// (a time series) keeps its newest value (see `TimedValues`).
    static func nodes(_ records: [SenMLRecord], path: LwM2MPath, types: ResourceTypeLookup) throws(LwM2MDecodeError) -> LwM2MNodes {
        var nodes = TimedValues()
        for (index, record) in resolve(records).enumerated() {
            guard let value = record.value else {
                throw LwM2MDecodeError(byteOffset: record.offset, reason: "record \(index) (\(record.name.isEmpty ? "no name" : record.name)) has no value")
            }
            let valuePath = try NodeLayout.valuePath(fromName: record.name, requestPath: path, offset: record.offset)
            nodes.set(value.scalar.typed(as: types(NodeLayout.resourcePath(of: valuePath))), at: valuePath, time: record.time)
        }
        return nodes.nodes
    }

    /// Paths named by records that carry no value (a Read-Composite or Observe-Composite request body).
    static func paths(_ records: [SenMLRecord]) throws(LwM2MDecodeError) -> [LwM2MPath] {
        var result: [LwM2MPath] = []
        for (index, record) in resolve(records).enumerated() {
            do { result.append(try LwM2MPath(parsing: record.name)) } catch {
                throw LwM2MDecodeError(byteOffset: record.offset, reason: "record \(index): name '\(record.name)' is not an LwM2M path: \(error.reason)")
            }
        }
        return result
    }

    /// The records for values under `path`: the first carries the base name, the rest relative names.
    static func records(_ nodes: LwM2MNodes, path: LwM2MPath) throws(LwM2MEncodeError) -> [(baseName: String?, name: String, value: ResourceValue)] {
        let entries = try NodeLayout.entries(nodes, under: path)
        let baseName = NodeLayout.baseName(for: path, entries: entries)
        return entries.enumerated().map { i, e in
            (baseName: i == 0 ? baseName : nil, name: NodeLayout.relativeName(e.path, below: path), value: e.value)
        }
    }
}

extension DecodedScalar {
    /// The numeric value as a Double (0 for non-numbers).
    var doubleValue: Double {
        switch self {
        case .integer(let v): Double(v)
        case .unsignedInteger(let v): Double(v)
        case .float(let v): v
        default: 0
        }
    }
}
