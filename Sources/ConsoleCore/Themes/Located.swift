/// A value with the line it was written on.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The value.
    public var value: Value
    /// 1-based line.
    public var line: Int
}
