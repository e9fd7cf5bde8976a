/// A device whose log level is not the default, as the engine loads it.
public struct DeviceLogLevelEntry: Sendable, Equatable {
    /// The device's tenant.
    public var tenant: String
    /// The device ID.
    public var deviceID: String
    /// Its level (never LIFECYCLE: default devices have no row).
    public var level: DeviceLogLevel

    /// Creates an entry.
    public init(tenant: String, deviceID: String, level: DeviceLogLevel) {
        self.tenant = tenant
        self.deviceID = deviceID
        self.level = level
    }
}
