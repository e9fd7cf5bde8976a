/// The Alarms pane: active alarms sorted by severity then newest first.
public struct AlarmsState: Sendable, Equatable {
    /// Active alarms in display order.
    public private(set) var rows: [AlarmRow] = []
    /// Selected index.
    public var selected = 0

    /// Creates an empty alarm list.
    public init() {}

    /// Replaces all rows, keeping the selection on the same alarm when it still exists.
    public mutating func replace(_ newRows: [AlarmRow]) {
        let keep = rows.indices.contains(selected) ? rows[selected].id : nil
        rows = newRows.sorted(by: Self.order)
        if let keep, let index = rows.firstIndex(where: { $0.id == keep }) { selected = index }
        selected = min(selected, max(0, rows.count - 1))
    }

    /// Adds or updates one alarm, keeping the selection on the same alarm.
    public mutating func upsert(_ alarm: AlarmRow) {
        var all = rows.filter { $0.id != alarm.id }
        all.append(alarm)
        replace(all)
    }

    /// Removes one alarm.
    public mutating func remove(id: String) {
        replace(rows.filter { $0.id != id })
    }

    /// Active-alarm counts by severity.
    public var counts: [AlarmSeverity: Int] {
        rows.reduce(into: [:]) { $0[$1.severity, default: 0] += 1 }
    }

    private static func order(_ lhs: AlarmRow, _ rhs: AlarmRow) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.raisedAt != rhs.raisedAt { return lhs.raisedAt > rhs.raisedAt }
        return lhs.id < rhs.id
    }
}
