import DeviceSimulator
import Foundation
import Synchronization

/// A clock the test moves by hand; `sleep` waits only a millisecond of real time (so loops
/// keep polling) and never advances the time itself.
final class ManualClock: SimulatorClock {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func sleep(for duration: Duration) async throws { try await Task.sleep(for: .milliseconds(1)) }
    func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
