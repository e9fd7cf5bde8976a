/// Where an alarm is in its life: raised, seen by an operator, or resolved.
public enum AlarmStatus: String, Sendable, Codable, CaseIterable {
    /// Raised and not yet acknowledged.
    case active = "ACTIVE"
    /// An operator has seen it; still counts as open.
    case acknowledged = "ACKNOWLEDGED"
    /// Resolved; a new raise of the same type opens a new alarm.
    case cleared = "CLEARED"
}
