/// Values that cannot be encoded in the asked content format, and why.
public struct LwM2MEncodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Why the values cannot be encoded.
    public var reason: String

    /// Creates an encode error.
    public init(reason: String) { self.reason = reason }

    /// The error as one line for people.
    public var description: String { "cannot encode: \(reason)" }
}
