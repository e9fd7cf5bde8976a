/// A Create: the object, the instance ID to ask for (or let the device choose) and the
/// initial resource values.
public struct CreateRequest: Hashable, Sendable {
    /// The object to create an instance of.
    public var objectID: UInt16
    /// The instance ID asked for; nil lets the device choose.
    public var instanceID: UInt16?
    /// The initial values by resource ID.
    public var resources: [UInt16: ResourceContent]

    /// Creates a request.
    public init(objectID: UInt16, instanceID: UInt16? = nil, resources: [UInt16: ResourceContent] = [:]) {
        self.objectID = objectID
        self.instanceID = instanceID
        self.resources = resources
    }
}
