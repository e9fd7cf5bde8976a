/// One typed LwM2M value.
public enum ResourceValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case unsignedInteger(UInt64)
    case float(Double)
    case boolean(Bool)
    case opaque([UInt8])
    /// Seconds since the Unix epoch.
    case time(Int64)
    case objlnk(ObjectLink)
    case corelnk(String)

    /// The resource type this value has.
    public var type: ResourceType {
        switch self {
        case .string: .string
        case .integer: .integer
        case .unsignedInteger: .unsignedInteger
        case .float: .float
        case .boolean: .boolean
        case .opaque: .opaque
        case .time: .time
        case .objlnk: .objlnk
        case .corelnk: .corelnk
        }
    }
}

/// An object link value (`objectID:instanceID`); `65535:65535` is the null link.
public struct ObjectLink: Hashable, Sendable, CustomStringConvertible {
    /// The linked object ID.
    public var objectID: UInt16
    /// The linked object-instance ID.
    public var instanceID: UInt16

    /// Creates an object link.
    public init(objectID: UInt16, instanceID: UInt16) {
        self.objectID = objectID
        self.instanceID = instanceID
    }

    public var description: String { "\(objectID):\(instanceID)" }
}

/// A resource's content: a single value, or a multiple-instance resource's values by instance ID.
public enum ResourceContent: Hashable, Sendable {
    case single(ResourceValue)
    case multiple([UInt16: ResourceValue])
}

/// The decoded content of a payload: values keyed by their full path (resource or resource
/// instance), which is how every content format can be represented without loss.
public struct LwM2MNodes: Hashable, Sendable {
    /// Values by the path of a resource (`/o/i/r`) or resource instance (`/o/i/r/ri`).
    public var values: [LwM2MPath: ResourceValue]

    /// Creates a node set.
    public init(_ values: [LwM2MPath: ResourceValue] = [:]) { self.values = values }

    /// The paths in order.
    public var sortedPaths: [LwM2MPath] { values.keys.sorted() }
}
