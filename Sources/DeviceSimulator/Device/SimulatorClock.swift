public import Foundation

/// Where a simulated device gets the time and how it waits; injected so tests can drive it.
public protocol SimulatorClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
    /// Waits `duration` (throws when the task is cancelled).
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemSimulatorClock: SimulatorClock {
    /// Creates the real clock.
    public init() {}
    /// The current time.
    public func now() -> Date { Date() }
    /// Sleeps on the continuous clock.
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
