/// How urgent an alarm is, most urgent first.
public enum AlarmSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    /// Service is down.
    case critical = "CRITICAL"
    /// Needs action soon (e.g. a duplicate endpoint).
    case major = "MAJOR"
    /// Degraded.
    case minor = "MINOR"
    /// For information.
    case warning = "WARNING"

    /// 0 for CRITICAL up to 3 for WARNING: sorts most urgent first.
    public var rank: Int {
        switch self {
        case .critical: 0
        case .major: 1
        case .minor: 2
        case .warning: 3
        }
    }

    /// Orders by urgency, most urgent first.
    public static func < (lhs: AlarmSeverity, rhs: AlarmSeverity) -> Bool { lhs.rank < rhs.rank }
}
