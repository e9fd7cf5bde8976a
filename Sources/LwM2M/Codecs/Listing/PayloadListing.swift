/// A plain listing of decoded values — path, resource name, type, value — as the `decode`
/// command prints it, in text columns or as JSON.
public struct PayloadListing: Sendable {
    /// One value of the listing.
    public struct Row: Hashable, Sendable {
        /// The value's path (resource or resource instance).
        public var path: LwM2MPath
        /// The resource name from the object model, when known.
        public var name: String?
        /// The value's type.
        public var type: ResourceType
        /// The value.
        public var value: ResourceValue
    }

    /// The rows in path order.
    public var rows: [Row]

    /// Lists `nodes`; `names` gives a resource's name for its resource path (`/3/0/0`), nil when unknown.
    public init(_ nodes: LwM2MNodes, names: (LwM2MPath) -> String? = { _ in nil }) {
        rows = nodes.sortedPaths.compactMap { path in
            guard let value = nodes.values[path] else { return nil }
            return Row(path: path, name: names(NodeLayout.resourcePath(of: path)), type: value.type, value: value)
        }
    }

    /// Aligned text columns, one value per line: `/3/0/0  Manufacturer  String  "Acme"`.
    public var text: String {
        let cells = rows.map { [$0.path.description, $0.name ?? "-", $0.type.rawValue, Self.display($0.value)] }
        guard !cells.isEmpty else { return "(no values)" }
        var widths = [0, 0, 0]
        for row in cells { for i in 0..<3 { widths[i] = max(widths[i], row[i].count) } }
        return cells.map { row in
            (0..<3).map { row[$0] + String(repeating: " ", count: widths[$0] - row[$0].count) }.joined(separator: "  ") + "  " + row[3]
        }.joined(separator: "\n")
    }

    /// A JSON array of `{"path","name","type","value"}`; numbers and booleans stay JSON numbers
    /// and booleans, opaque is a hex string, time is seconds, object links `"o:i"`.
    public var json: String {
        var w = JSONPayloadWriter()
        w.raw("[")
        for (i, row) in rows.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("path"); w.string(row.path.description); w.raw(",")
            w.key("name"); if let name = row.name { w.string(name) } else { w.raw("null") }; w.raw(",")
            w.key("type"); w.string(row.type.rawValue); w.raw(",")
            w.key("value")
            switch row.value {
            case .string(let s), .corelnk(let s): w.string(s)
            case .integer(let v), .time(let v): w.raw(String(v))
            case .unsignedInteger(let v): w.raw(String(v))
            case .float(let v): if let n = try? JSONPayloadWriter.number(v) { w.raw(n) } else { w.string("\(v)") }
            case .boolean(let v): w.raw(v ? "true" : "false")
            case .opaque(let b): w.string(Self.hex(b))
            case .objlnk(let l): w.string(l.description)
            }
            w.raw("}")
        }
        w.raw("]")
        return w.text
    }

    /// A value for people: strings quoted, opaque as hex with its length, time in seconds with
    /// its UTC date (ISO 8601).
    public static func display(_ value: ResourceValue) -> String {
        switch value {
        case .string(let s), .corelnk(let s): return quoted(s)
        case .integer(let v): return String(v)
        case .unsignedInteger(let v): return String(v)
        case .float(let v): return "\(v)"
        case .boolean(let v): return v ? "true" : "false"
        case .opaque(let b): return b.isEmpty ? "(0 bytes)" : "0x\(hex(b)) (\(b.count) byte\(b.count == 1 ? "" : "s"))"
        case .time(let t): return "\(t) (\(iso8601(t)))"
        case .objlnk(let l): return l.description
        }
    }

    static func quoted(_ s: String) -> String {
        var w = JSONPayloadWriter()
        w.string(s)
        return w.text
    }

    static func hex(_ bytes: [UInt8]) -> String { HexBytes.string(bytes) }

    /// Seconds since 1970 as `YYYY-MM-DDThh:mm:ssZ` (UTC), the same text the result renderer shows.
    static func iso8601(_ seconds: Int64) -> String { ISO8601Time.string(seconds) }
}
