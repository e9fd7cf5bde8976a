/// Names one device: its tenant and ID.
public struct DeviceRef: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The tenant.
    public var tenant: String
    /// The device ID (unique within the tenant).
    public var id: String

    /// Creates a reference.
    public init(tenant: String, id: String) {
        self.tenant = tenant
        self.id = id
    }

    public var description: String { "\(tenant)/\(id)" }
}
