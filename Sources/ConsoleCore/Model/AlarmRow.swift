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

/// Alarm severities, most severe first.
public enum AlarmSeverity: String, Sendable, Equatable, Hashable, CaseIterable, Comparable {
    case critical = "CRITICAL"
    case major = "MAJOR"
    case minor = "MINOR"
    case warning = "WARNING"

    /// Rank for sorting: 0 is the most severe.
    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// The style role alarms of this severity use.
    public var role: StyleRole {
        switch self {
        case .critical: .alarmCritical
        case .major: .alarmMajor
        case .minor: .alarmMinor
        case .warning: .alarmWarning
        }
    }

    /// Orders more severe first.
    public static func < (lhs: AlarmSeverity, rhs: AlarmSeverity) -> Bool { lhs.rank < rhs.rank }
}
