public import Foundation

/// One line of the Devices table.
public struct DeviceRow: Sendable, Equatable, Hashable {
    /// Store identifier of the device.
    public var id: String
    /// LwM2M endpoint client name.
    public var endpoint: String
    /// Tenant the device belongs to.
    public var tenant: String
    /// Security mode label (NO_SEC, PSK, RPK, X509).
    public var security: String
    /// Lifecycle state.
    public var state: DeviceState
    /// When the device last talked to the server, if ever.
    public var lastSeen: Date?

    /// Creates a row.
    public init(id: String, endpoint: String, tenant: String = "default", security: String, state: DeviceState, lastSeen: Date? = nil) {
        self.id = id
        self.endpoint = endpoint
        self.tenant = tenant
        self.security = security
        self.state = state
        self.lastSeen = lastSeen
    }
}
