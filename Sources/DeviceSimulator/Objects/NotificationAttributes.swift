/// Write-Attributes values stored for one path (OMA LwM2M TS Core §5.1.2).
struct StoredAttributes: Sendable, Equatable {
    var values: [String: Double] = [:]

    static let names: Set<String> = ["pmin", "pmax", "gt", "lt", "st", "epmin", "epmax"]

    /// Applies `pmin=10`, `pmax=60`, or `pmin` (no value: remove); nil when a name or number is invalid.
    mutating func apply(query: [String]) -> String? {
        for item in query {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first, Self.names.contains(name) else { return "unknown attribute '\(item)'" }
            if parts.count == 1 {
                values[name] = nil
            } else {
                guard let number = Double(parts[1]), number.isFinite else { return "'\(item)' is not a number" }
                if ["pmin", "pmax", "epmin", "epmax"].contains(name), number < 0 { return "'\(item)' must not be negative" }
                values[name] = number
            }
        }
        if let pmin = values["pmin"], let pmax = values["pmax"], pmax < pmin { return "pmax must not be less than pmin" }
        return nil
    }
}
