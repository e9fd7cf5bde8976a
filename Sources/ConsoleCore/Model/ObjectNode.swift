public import Foundation

/// A node of the Objects tree: an object, an instance or a resource.
public struct ObjectNode: Sendable, Equatable, Hashable {
    /// The LwM2M path text, e.g. "/3/0/0".
    public var path: String
    /// Human name from the object model ("Device", "Manufacturer").
    public var name: String
    /// Nesting depth: 0 object, 1 instance, 2 resource.
    public var depth: Int
    /// Last known value, if any.
    public var value: String?
    /// When the device reported `value` (shown as its age).
    public var reportedAt: Date?
    /// Operations the model allows ("R", "W", "E", "RW").
    public var operations: String

    /// Creates a node.
    public init(path: String, name: String, depth: Int, value: String? = nil, reportedAt: Date? = nil, operations: String = "") {
        self.path = path
        self.name = name
        self.depth = depth
        self.value = value
        self.reportedAt = reportedAt
        self.operations = operations
    }
}
