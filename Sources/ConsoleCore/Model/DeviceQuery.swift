/// What the Devices table asks the store for: one window of the filtered, sorted list.
public struct DeviceQuery: Sendable, Equatable, Hashable {
    /// Case-insensitive filter on endpoint/ID ("" for all).
    public var filter: String
    /// Sort order.
    public var sort: DeviceSort
    /// Index of the first row wanted.
    public var offset: Int
    /// How many rows are wanted.
    public var limit: Int
    /// The exact number of matches when the table knows it: a store may then read a window near
    /// the end backwards from the last row instead of skipping `offset` rows from the first.
    public var knownMatching: Int?

    /// Creates a query.
    public init(filter: String, sort: DeviceSort, offset: Int, limit: Int, knownMatching: Int? = nil) {
        self.filter = filter
        self.sort = sort
        self.offset = offset
        self.limit = limit
        self.knownMatching = knownMatching
    }
}
