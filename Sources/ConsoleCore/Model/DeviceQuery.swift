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
