public import Foundation

/// An active alarm in the Alarms pane.
public struct AlarmRow: Sendable, Equatable, Hashable {
    /// Store identifier.
    public var id: String
    /// Severity.
    public var severity: AlarmSeverity
    /// Device (endpoint) the alarm is about.
    public var device: String
    /// Short description.
    public var text: String
    /// When it was raised.
    public var raisedAt: Date
    /// True once an operator acknowledged it.
    public var acknowledged: Bool

    /// Creates an alarm row.
    public init(id: String, severity: AlarmSeverity, device: String, text: String, raisedAt: Date, acknowledged: Bool = false) {
        self.id = id
        self.severity = severity
        self.device = device
        self.text = text
        self.raisedAt = raisedAt
        self.acknowledged = acknowledged
    }
}
