/// A request for the exact number of devices matching a filter, made off the keystroke path
/// once a page showed only a lower bound.
///
/// `serial` tells requests for the same filter apart, so an answer computed before a refresh (an
/// import, a delete) is not taken for the newer one.
public struct DeviceCountQuery: Sendable, Equatable, Hashable {
    /// The filter text counted (as in `DeviceQuery.filter`).
    public var filter: String
    /// Increases with every request the reducer makes.
    public var serial: Int

    /// Creates a count request.
    public init(filter: String, serial: Int) {
        self.filter = filter
        self.serial = serial
    }
}
