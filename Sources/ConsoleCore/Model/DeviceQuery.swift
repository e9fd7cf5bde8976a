/// What the Devices table asks the store for: one window of the filtered, sorted list.
public struct DeviceQuery: Sendable, Equatable, Hashable {
    /// Case-insensitive substring filter on endpoint/ID ("" for all).
    public var filter: String
    /// Sort order.
    public var sort: DeviceSort
    /// Index of the first row wanted.
    public var offset: Int
    /// How many rows are wanted.
    public var limit: Int

    /// Creates a query.
    public init(filter: String, sort: DeviceSort, offset: Int, limit: Int) {
        self.filter = filter
        self.sort = sort
        self.offset = offset
        self.limit = limit
    }
}

/// The Devices table's sort column (always ascending, ties broken by endpoint).
public enum DeviceSort: String, Sendable, Equatable, Hashable, CaseIterable {
    case endpoint
    case security
    case state
    case lastSeen = "last seen"

    /// The next sort column, for the `s` key.
    public var next: DeviceSort {
        let all = Self.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + 1) % all.count]
    }
}

/// One window of devices answered for a `DeviceQuery`.
public struct DevicePage: Sendable, Equatable {
    /// The query this page answers.
    public var query: DeviceQuery
    /// The rows from `query.offset`.
    public var rows: [DeviceRow]
    /// Number of devices matching the filter.
    public var matching: Int

    /// Creates a page.
    public init(query: DeviceQuery, rows: [DeviceRow], matching: Int) {
        self.query = query
        self.rows = rows
        self.matching = matching
    }
}
