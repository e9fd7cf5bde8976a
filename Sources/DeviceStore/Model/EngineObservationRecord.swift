public import Foundation

/// One observation the engine holds for a device, as stored between engine runs (SPEC §6).
public struct EngineObservationRecord: Sendable, Equatable {
    /// The device's tenant.
    public var tenant: String
    /// The device ID.
    public var deviceID: String
    /// The observed path, or the sorted composite paths joined by commas (the engine's key).
    public var key: String
    /// The shell line that establishes it again, e.g. `observe /3303/0/5700`.
    public var command: String
    /// When it was first established.
    public var createdAt: Date

    /// Creates a record.
    public init(tenant: String, deviceID: String, key: String, command: String, createdAt: Date) {
        self.tenant = tenant
        self.deviceID = deviceID
        self.key = key
        self.command = command
        self.createdAt = createdAt
    }
}
