/// Hands out registration IDs that never repeat while the server runs (SPEC §10: one peer's
/// 16-bit IDs wrap and give hundreds of devices the same location). A run prefix keeps IDs from
/// a previous run distinct from this one's, so a stale Update never lands on a new device.
public struct RegistrationIDGenerator: Sendable {
    private let runPrefix: String
    private var next: UInt64 = 1

    /// Creates a generator; `runPrefix` should differ between runs (e.g. random or a timestamp).
    public init(runPrefix: String) { self.runPrefix = runPrefix }

    /// The next ID, e.g. `k3x9-1f`.
    public mutating func makeID() -> String {
        defer { next += 1 }
        return runPrefix + "-" + String(next, radix: 36)
    }
}
