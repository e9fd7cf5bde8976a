public import Foundation

/// A line of a device's history: lifecycle changes and operation state changes (SPEC §9).
public struct DeviceEvent: Sendable, Equatable, Codable {
    /// Store-wide event number (0 before it is stored).
    public var id: Int64
    /// Tenant of the device.
    public var tenant: String
    /// The device ID.
    public var deviceID: String
    /// Event type, e.g. `lwm2m_Registered`.
    public var type: String
    /// What happened, for people.
    public var text: String
    /// When it happened.
    public var time: Date

    /// Creates an event; `id` is assigned when it is appended.
    public init(id: Int64 = 0, tenant: String, deviceID: String, type: String, text: String, time: Date) {
        self.id = id
        self.tenant = tenant
        self.deviceID = deviceID
        self.type = type
        self.text = text
        self.time = time
    }
}
