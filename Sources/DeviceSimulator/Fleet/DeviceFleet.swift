import Foundation
public import LwM2M
import Synchronization

/// N simulated devices started at a bounded rate, each on its own UDP socket, with counters.
///
/// Every device holds one file descriptor (two briefly while switching from bootstrap to a
/// DTLS server), so `ulimit -n` bounds the fleet size (see docs/simulator.md).
public final class DeviceFleet: Sendable {
    /// The devices, in the order given.
    public let devices: [SimulatedDevice]
    /// Only `started` is used here; the rest is counted by `sinkBox` from events.
    private let counters = Mutex(FleetStatistics())
    private let startsPerSecond: Double
    private let maxConcurrentStarts: Int
    private let clock: any SimulatorClock

    /// Creates (does not start) one device per configuration.
    ///
    /// - Parameters:
    ///   - startsPerSecond: at most this many starts begin per second.
    ///   - maxConcurrentStarts: at most this many bootstraps/registrations in flight.
    ///   - onEvent: called for every device event, on any thread.
    public init(
        _ configurations: [SimulatedDeviceConfiguration], startsPerSecond: Double = 100, maxConcurrentStarts: Int = 256,
        clock: any SimulatorClock = SystemSimulatorClock(), model: ObjectModel = .builtIn,
        onEvent: (@Sendable (DeviceEvent) -> Void)? = nil
    ) {
        self.startsPerSecond = max(0.001, startsPerSecond)
        self.maxConcurrentStarts = max(1, maxConcurrentStarts)
        self.clock = clock
        var devices: [SimulatedDevice] = []
        devices.reserveCapacity(configurations.count)
        let sink = CounterSink()
        for configuration in configurations {
            devices.append(SimulatedDevice(configuration, clock: clock, model: model) { event in
                sink.count(event)
                onEvent?(event)
            })
        }
        self.devices = devices
        sinkBox = sink
    }

    private let sinkBox: CounterSink

    /// The counters now.
    public var statistics: FleetStatistics {
        var statistics = sinkBox.statistics
        statistics.started = counters.withLock { $0.started }
        return statistics
    }

    /// Generated endpoint names `prefix-000001` … for `count` devices sharing `template`.
    public static func configurations(count: Int, prefix: String, template: SimulatedDeviceConfiguration) -> [SimulatedDeviceConfiguration] {
        let width = max(6, String(count).count)
        return (0..<max(0, count)).map { index in
            var configuration = template
            let number = String(index + 1)
            configuration.endpoint = prefix + "-" + String(repeating: "0", count: width - number.count) + number
            return configuration
        }
    }

    /// Starts every device: starts begin at the configured rate, with a bound on those in
    /// flight; returns when all have registered or failed. Failures are counted, not thrown.
    public func start() async {
        let interval = 1 / startsPerSecond
        let begin = clock.now()
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for (index, device) in devices.enumerated() {
                let due = begin.addingTimeInterval(Double(index) * interval)
                let wait = due.timeIntervalSince(clock.now())
                if wait > 0 { try? await clock.sleep(for: .milliseconds(Int64(wait * 1000))) }
                if inFlight >= maxConcurrentStarts {
                    await group.next()
                    inFlight -= 1
                }
                counters.withLock { $0.started += 1 }
                inFlight += 1
                group.addTask { try? await device.start() }
            }
        }
    }

    /// Stops every device (de-registering those registered), a bounded number at a time.
    public func stop() async {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for device in devices {
                if inFlight >= maxConcurrentStarts {
                    await group.next()
                    inFlight -= 1
                }
                inFlight += 1
                group.addTask { await device.stop() }
            }
        }
    }
}

/// Counts events from many devices (called on any thread).
final class CounterSink: Sendable {
    private let counters = Mutex(FleetStatistics())
    func count(_ event: DeviceEvent) { counters.withLock { $0.count(event) } }
    var statistics: FleetStatistics { counters.withLock { $0 } }
}
