/// One lifecycle step of a simulated device, for the `simulate` output and for tests.
public struct DeviceEvent: Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Sendable, Equatable {
        case bootstrapRequested = "bootstrap-request"
        case bootstrapFinished = "bootstrap-finish"
        case registered = "register"
        case updated = "update"
        case deregistered = "deregister"
        case request = "request"
        case notification = "notify"
        case asleep = "sleep"
        case awake = "wake"
        case reboot = "reboot"
        case failed = "error"
    }

    /// The device's endpoint name.
    public var endpoint: String
    /// What happened.
    public var kind: Kind
    /// Details (location, request and answer code, error message).
    public var detail: String

    /// Creates an event.
    public init(endpoint: String, kind: Kind, detail: String) {
        self.endpoint = endpoint
        self.kind = kind
        self.detail = detail
    }

    /// One line, e.g. `dev-1 register /rd/5a3f`.
    public var description: String { detail.isEmpty ? "\(endpoint) \(kind.rawValue)" : "\(endpoint) \(kind.rawValue) \(detail)" }
}

/// Signals from request handling to the device's lifecycle task.
enum DeviceSignal: Sendable, Equatable {
    case bootstrapFinished
    case reboot
    case registrationUpdate
    case bootstrapRequest
    case objectsChanged
    case observed
    /// A Package URI was written: download it (PULL).
    case firmwareDownload(String)
}
