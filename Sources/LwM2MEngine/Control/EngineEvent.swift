public import Foundation

/// Something the engine tells the console, the CLI (`events --follow`) and the log.
public enum EngineEvent: Sendable, Equatable, Codable {
    /// The engine's status changed (started, stopped, counts).
    case status(EngineStatus)
    /// A device lifecycle event (SPEC §3–4, §9): BootstrapStart, BootstrapEnd, BootstrapFailure,
    /// Registration, RegistrationUpdate, DeRegistration, RegistrationRefused, Unavailable.
    case lifecycle(LifecycleEvent)
    /// An operation changed state (or got its result).
    case operation(OperationSnapshot)
    /// An observation delivered a notification.
    case notification(NotificationEvent)
    /// An alarm was raised (or its count went up), acknowledged or cleared.
    case alarm(AlarmEvent)
}

/// A device lifecycle event.
public struct LifecycleEvent: Sendable, Equatable, Codable {
    /// The device, when it is known (a refused unknown endpoint has none).
    public var device: DeviceRef?
    /// The endpoint client name.
    public var endpoint: String
    /// The event type, e.g. `Registration` or `BootstrapFailure`.
    public var type: String
    /// A one-line human description (address, binding, lifetime, version, step, reason …).
    public var text: String
    /// The device's connection state after the event (`registered`, `offline`, …), if changed.
    public var connectionState: String?
    /// When it happened.
    public var time: Date

    /// Creates an event.
    public init(device: DeviceRef?, endpoint: String, type: String, text: String, connectionState: String? = nil, time: Date) {
        self.device = device
        self.endpoint = endpoint
        self.type = type
        self.text = text
        self.connectionState = connectionState
        self.time = time
    }
}

/// One notification of an observation.
public struct NotificationEvent: Sendable, Equatable, Codable {
    /// The observed device.
    public var device: DeviceRef
    /// The observed path.
    public var path: String
    /// The decoded values, one human-readable line each.
    public var lines: [String]
    /// When it arrived.
    public var time: Date

    /// Creates a notification event.
    public init(device: DeviceRef, path: String, lines: [String], time: Date) {
        self.device = device
        self.path = path
        self.lines = lines
        self.time = time
    }
}

/// An alarm change.
public struct AlarmEvent: Sendable, Equatable, Codable {
    /// The alarm's store ID.
    public var alarmID: Int64
    /// The device it is on.
    public var device: DeviceRef
    /// The alarm type, e.g. `c8y_UnavailabilityAlarm`.
    public var type: String
    /// CRITICAL, MAJOR, MINOR or WARNING.
    public var severity: String
    /// ACTIVE, ACKNOWLEDGED or CLEARED.
    public var status: String
    /// The alarm text.
    public var text: String
    /// How many times it was raised while active.
    public var count: Int

    /// Creates an alarm event.
    public init(alarmID: Int64, device: DeviceRef, type: String, severity: String, status: String, text: String, count: Int) {
        self.alarmID = alarmID
        self.device = device
        self.type = type
        self.severity = severity
        self.status = status
        self.text = text
        self.count = count
    }
}
