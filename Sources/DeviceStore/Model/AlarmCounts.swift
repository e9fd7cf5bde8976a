/// How many open (active or acknowledged) alarms there are per severity, for the header line.
public struct AlarmCounts: Sendable, Equatable {
    /// Open alarms by severity (missing severity = 0).
    public var bySeverity: [AlarmSeverity: Int]

    /// Creates counts.
    public init(bySeverity: [AlarmSeverity: Int]) {
        self.bySeverity = bySeverity
    }

    /// Open alarms of `severity`.
    public subscript(severity: AlarmSeverity) -> Int { bySeverity[severity] ?? 0 }
}
