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
    /// Devices matching the filter: exact, or a lower bound while `matchingIsExact` is false.
    public var matching = 0
    /// False while only a lower bound of the matches is known (the title shows "1,000+").
    public var matchingIsExact = true
    /// The filter whose exact count `matching` holds; kept across a refresh of the same filter so
    /// the title does not fall back to "1,000+" while it is recounted.
    public var countedFilter: String?
    /// True when the exact count must be asked again (the list was refreshed) before it is trusted.
    public var countIsStale = false
    /// The count request in flight; answers for any other request are stale and ignored.
    public var pendingCount: DeviceCountQuery?
    /// Serial of the last count request.
    public var countSerial = 0
    /// `G` was pressed while only a lower bound was known: go to the last row once counted.
    public var bottomWanted = false
    /// The selected device a refresh moved out of the window, and the selection index when it
    /// was asked for: its position is taken only if the operator has not moved since.
    public var locating: Locating?

    /// A selected device being looked for in the list after a refresh moved it.
    public struct Locating: Sendable, Equatable {
        /// The device.
        public var id: String
        /// The selection index when it was asked for.
        public var from: Int

        /// Creates a pending look-up.
        public init(id: String, from: Int) {
            self.id = id
            self.from = from
        }
    }
    /// Selected index in the filtered list.
    public var selected = 0
    /// First visible index in the filtered list.
    public var scroll = 0
    /// The query last asked for (answers for other queries are stale and ignored).
    public var pendingQuery: DeviceQuery?
    /// Filter and sort of the loaded `rows`: a page for the same list keeps the selection on the
    /// same device when it moved (a refresh), a page for another list does not.
    public var loadedList: DeviceListKey?
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
