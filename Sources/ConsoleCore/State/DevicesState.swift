/// The Devices table: only the visible window of rows plus the total, never the whole fleet.
public struct DevicesState: Sendable, Equatable {
    /// The live filter text.
    public var filter = LineEditor()
    /// The sort column.
    public var sort: DeviceSort = .endpoint
    /// Rows of the loaded window.
    public var rows: [DeviceRow] = []
    /// Index (in the filtered list) of `rows.first`.
    public var offset = 0
    /// Devices matching the filter.
    public var matching = 0
    /// Selected index in the filtered list.
    public var selected = 0
    /// First visible index in the filtered list.
    public var scroll = 0
    /// The query last asked for (answers for other queries are stale and ignored).
    public var pendingQuery: DeviceQuery?
    /// True until the first page arrives.
    public var loading = true

    /// Creates an empty table state.
    public init() {}

    /// The selected row, when it is in the loaded window.
    public var selectedRow: DeviceRow? {
        let index = selected - offset
        return rows.indices.contains(index) ? rows[index] : nil
    }
}
