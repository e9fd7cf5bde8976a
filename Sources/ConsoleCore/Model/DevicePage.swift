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
