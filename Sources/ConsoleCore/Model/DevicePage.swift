/// One window of devices answered for a `DeviceQuery`.
public struct DevicePage: Sendable, Equatable {
    /// The query this page answers.
    public var query: DeviceQuery
    /// The rows from `query.offset`.
    public var rows: [DeviceRow]
    /// Number of devices matching the filter: exact, or a lower bound when `matchingIsExact` is false.
    public var matching: Int
    /// False when the store stopped counting early and `matching` is only a lower bound; the
    /// reducer then asks for the exact count with `Effect.countDevices` after showing the page.
    public var matchingIsExact: Bool

    /// Creates a page; `matchingIsExact: false` marks `matching` as a lower bound.
    public init(query: DeviceQuery, rows: [DeviceRow], matching: Int, matchingIsExact: Bool = true) {
        self.query = query
        self.rows = rows
        self.matching = matching
        self.matchingIsExact = matchingIsExact
    }
}
