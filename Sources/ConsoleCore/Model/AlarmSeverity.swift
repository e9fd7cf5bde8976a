/// Alarm severities, most severe first.
public enum AlarmSeverity: String, Sendable, Equatable, Hashable, CaseIterable, Comparable {
    /// Service down.
    case critical = "CRITICAL"
    /// Serious, needs action.
    case major = "MAJOR"
    /// Needs attention.
    case minor = "MINOR"
    /// Informational warning.
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
