/// Which list a page of the Devices table belongs to: its filter and sort (not its window).
public struct DeviceListKey: Sendable, Equatable, Hashable {
    /// The filter text.
    public var filter: String
    /// The sort column.
    public var sort: DeviceSort

    /// Creates a key.
    public init(filter: String, sort: DeviceSort) {
        self.filter = filter
        self.sort = sort
    }
}
