/// Counters of a running fleet.
public struct FleetStatistics: Sendable, Equatable, CustomStringConvertible {
    /// Devices asked to start.
    public var started = 0
    /// Successful Register operations (re-registrations included).
    public var registrations = 0
    /// Successful Updates.
    public var updates = 0
    /// Requests answered by the devices.
    public var requests = 0
    /// Notifications sent.
    public var notifications = 0
    /// Bootstraps finished.
    public var bootstraps = 0
    /// Errors (failed start, failed Update, …).
    public var errors = 0
    /// De-registrations.
    public var deregistrations = 0

    /// Creates zeroed counters.
    public init() {}

    /// Counts one event.
    public mutating func count(_ event: DeviceEvent) {
        switch event.kind {
        case .registered: registrations += 1
        case .updated: updates += 1
        case .request: requests += 1
        case .notification: notifications += 1
        case .bootstrapFinished: bootstraps += 1
        case .failed: errors += 1
        case .deregistered: deregistrations += 1
        default: break
        }
    }

    public var description: String {
        "started \(started), bootstraps \(bootstraps), registrations \(registrations), updates \(updates), requests \(requests), notifications \(notifications), de-registrations \(deregistrations), errors \(errors)"
    }
}
