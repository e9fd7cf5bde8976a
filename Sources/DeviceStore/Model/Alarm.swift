public import Foundation

/// An alarm on a device. At most one open (not cleared) alarm exists per (device, type); raising
/// it again bumps `count`.
public struct Alarm: Sendable, Equatable, Codable {
    /// Store-wide alarm number (what `alarms ack ID` takes).
    public var id: Int64
    /// Tenant of the device.
    public var tenant: String
    /// The device ID.
    public var deviceID: String
    /// The alarm type (see `AlarmType`).
    public var type: String
    /// Severity of the latest raise.
    public var severity: AlarmSeverity
    /// Status.
    public var status: AlarmStatus
    /// Text of the latest raise.
    public var text: String
    /// How many times it was raised while open.
    public var count: Int
    /// First raise.
    public var firstRaisedAt: Date
    /// Latest raise.
    public var lastRaisedAt: Date
    /// When an operator acknowledged it.
    public var acknowledgedAt: Date?
    /// When it was cleared.
    public var clearedAt: Date?

    /// Creates an alarm value.
    public init(
        id: Int64, tenant: String, deviceID: String, type: String, severity: AlarmSeverity, status: AlarmStatus,
        text: String, count: Int, firstRaisedAt: Date, lastRaisedAt: Date, acknowledgedAt: Date?, clearedAt: Date?
    ) {
        self.id = id
        self.tenant = tenant
        self.deviceID = deviceID
        self.type = type
        self.severity = severity
        self.status = status
        self.text = text
        self.count = count
        self.firstRaisedAt = firstRaisedAt
        self.lastRaisedAt = lastRaisedAt
        self.acknowledgedAt = acknowledgedAt
        self.clearedAt = clearedAt
    }
}
