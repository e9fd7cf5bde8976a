/// Identifies one operation; unique within an engine's store.
public struct OperationID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The numeric value (the store's row ID once persisted).
    public let rawValue: Int64

    /// Wraps a numeric ID.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    public static func < (a: OperationID, b: OperationID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}
