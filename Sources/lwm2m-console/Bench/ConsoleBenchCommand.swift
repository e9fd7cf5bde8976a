import ArgumentParser
import ConsoleCore
import Foundation

/// `lwm2m-console bench console`: first-frame and filter keystroke-to-frame times over a large fleet.
///
/// Drives the real reducer and renderer with the in-memory fixture runner answering synchronously,
/// so the figures are the UI path (reduce → query → reduce → render) without a terminal.
struct ConsoleBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Time launch-to-first-frame and filter keystroke-to-frame over N devices (fixture runner)."
    )

    @Option(name: .long, help: "Devices in the fleet.")
    var devices = 100_000

    @Option(name: .long, help: "Times the filter text is typed and cleared.")
    var rounds = 5

    @Option(name: .long, help: "Filter text typed one key at a time.")
    var filter = "meter-4242"

    func run() throws {
        let clock = ContinuousClock()
        let now = Date()
        let fleetStart = clock.now
        let backend = FixtureConsoleBackend(fleet: FixtureFleet.generated(count: devices, now: now), alarmAfter: nil)
        let fleetTime = clock.now - fleetStart

        let size = TerminalSize(columns: 120, rows: 40)
        let reducer = ConsoleReducer()
        var state = AppState(size: size, now: now)
        let firstStart = clock.now
        drive(.start, &state, reducer, backend)
        let firstGrid = render(state, size: size)
        let firstFrame = clock.now - firstStart
        guard state.devices.matching == devices, firstGrid.text.contains("Devices \(devices)") else {
            throw ValidationError("first frame does not show the fleet (matching \(state.devices.matching))")
        }

        var samples: [Duration] = []
        for _ in 0..<rounds {
            drive(.key(.char("/")), &state, reducer, backend)
            for character in filter {
                let start = clock.now
                drive(.key(.char(character)), &state, reducer, backend)
                _ = render(state, size: size)
                samples.append(clock.now - start)
            }
            drive(.key(.escape), &state, reducer, backend)
        }
        samples.sort()
        let renderStart = clock.now
        for _ in 0..<100 { _ = render(state, size: size) }
        let renderTime = (clock.now - renderStart) / 100

        print("devices:                      \(devices)")
        print("fixture fleet build:          \(Self.ms(fleetTime)) (generate + 4 sorted indexes; not part of the UI path)")
        print("launch to first frame:        \(Self.ms(firstFrame)) (start → query → page → details → render 120×40)")
        print("filter keystroke to frame:    median \(Self.ms(samples[samples.count / 2]))  p95 \(Self.ms(samples[min(samples.count - 1, samples.count * 95 / 100)]))  max \(Self.ms(samples[samples.count - 1]))  (\(samples.count) keys)")
        print("render only (120×40):         \(Self.ms(renderTime))")
    }

    /// Runs an action and every effect it causes, answering from the backend synchronously.
    private func drive(_ action: Action, _ state: inout AppState, _ reducer: ConsoleReducer, _ backend: FixtureConsoleBackend) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in reducer.reduce(&state, next, now: Date()) {
                switch effect {
                case .queryDevices(let query):
                    queue.append(.devicesLoaded(backend.page(for: query)))
                case .loadDevice(let id):
                    if let detail = backend.detail(id: id) { queue.append(.deviceLoaded(detail)) }
                default:
                    break
                }
            }
        }
    }

    private static func ms(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", milliseconds)
    }
}
