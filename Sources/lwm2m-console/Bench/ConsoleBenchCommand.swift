import ArgumentParser
import ConsoleCore
import DeviceStore
import Foundation
import LwM2MEngine

/// `lwm2m-console bench console`: first-frame and filter keystroke-to-frame times over a large fleet.
///
/// Drives the real reducer and renderer without a terminal. By default the answers come from a
/// real SQLite store (`StoreEngineRunner`'s queries) with the engine embedded on free ports;
/// `--fixture` uses the in-memory fixture fleet instead.
struct ConsoleBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Time launch-to-first-frame and filter keystroke-to-frame over N devices in a real store."
    )

    @Option(name: .long, help: "Devices in the fleet.")
    var devices = 100_000

    @Option(name: .long, help: "Times the filter text is typed and cleared.")
    var rounds = 5

    @Option(name: .long, help: "Filter text typed one key at a time (default: meter-4242, or bench-004242 with a store).")
    var filter: String?

    @Flag(name: .long, help: "Use the in-memory fixture fleet instead of a real store.")
    var fixture = false

    @Option(name: .long, help: ArgumentHelp("Store to use (imported with --devices PSK rows when it has none; default: a temp dir, removed).", valueName: "dir"))
    var dataDir: String?

    func run() throws {
        if !fixture { return try runOnStore() }
        let filter = self.filter ?? "meter-4242"
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
        guard state.devices.matching == devices, firstGrid.text.contains("Devices \(Self.grouped(devices))") else {
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

    /// The same figures over a real store: open + engine start + first page + details + render, and
    /// each filter key answered by the store's indexed prefix query and count.
    private func runOnStore() throws {
        let clock = ContinuousClock()
        let temporary = dataDir == nil
        let directory = dataDir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("bench-console-\(getpid())")
        defer { if temporary { try? FileManager.default.removeItem(atPath: directory) } }
        let filter = self.filter ?? "bench-004242"
        do {
            let seeding = try DeviceStore(directory: directory)
            if try seeding.countDevices(DeviceQuery(tenant: DeviceStore.defaultTenant)) < devices {
                let file = (directory as NSString).appendingPathComponent("bench.csv")
                try SampleFileWriter.writePSKFile(rows: devices, to: file)
                let start = clock.now
                try BulkImporter(store: seeding).run(file: file)
                print("import of \(devices) PSK rows: \(Self.ms(clock.now - start)) (setup, not timed below)")
                try? FileManager.default.removeItem(atPath: file)
            }
        }
        let size = TerminalSize(columns: 120, rows: 40)
        let reducer = ConsoleReducer(validator: FieldRulesValidator())
        var state = AppState(size: size, now: Date())
        let launch = clock.now
        let store = try DeviceStore(directory: directory)
        let configuration = EngineConfiguration.benchLoopback
        let settings = configuration
        // As the console does: the engine starts in the background and the first frame does not wait.
        let engine = StartingEngine { try await LwM2MEngine.start(configuration: settings, store: store, model: .builtIn) }
        defer { try? BlockingWait.run { await engine.stop() } }
        let runner = StoreEngineRunner(store: store, engine: engine, embedded: engine)
        let answer = StoreAnswers(runner: runner)
        let firstStart = clock.now
        drive(.start, &state, reducer, page: answer.page, detail: answer.detail)
        let firstGrid = render(state, size: size)
        let firstFrame = clock.now - firstStart
        let total = clock.now - launch
        guard state.devices.matching >= devices, firstGrid.text.contains("Devices \(Self.grouped(state.devices.matching))") else {
            throw ValidationError("first frame does not show the store's devices (matching \(state.devices.matching))")
        }
        guard try BlockingWait.run({ await engine.engine() != nil }) else { throw ValidationError("the engine did not start") }
        let engineReady = clock.now - launch
        var samples: [Duration] = []
        for _ in 0..<rounds {
            drive(.key(.char("/")), &state, reducer, page: answer.page, detail: answer.detail)
            for character in filter {
                let start = clock.now
                let counts = drive(.key(.char(character)), &state, reducer, page: answer.page, detail: answer.detail)
                _ = render(state, size: size)
                samples.append(clock.now - start)
                // As in the console: the exact count runs in the background while the next key
                // is handled (and is cancelled by it when the filter changed).
                for request in counts { answer.startCount(request) }
            }
            answer.stopCount()
            guard state.devices.matching >= 1 else { throw ValidationError("the filter \(filter) matches nothing") }
            drive(.key(.escape), &state, reducer, page: answer.page, detail: answer.detail)
        }
        samples.sort()
        let paging = try measurePaging(&state, reducer, answer)
        print("devices in the store:         \(state.devices.matching)")
        print("launch to first frame:        \(Self.ms(total)) (store open + start → page query + count → details → render 120×40; in-process, no ncurses)")
        print("  of which the frame:         \(Self.ms(firstFrame)) (engine starting in the background meanwhile)")
        print("launch to engine up:          \(Self.ms(engineReady)) (keys of every PSK device loaded; keys below wait for it)")
        print("filter keystroke to frame:    median \(Self.ms(samples[samples.count / 2]))  p95 \(Self.ms(samples[min(samples.count - 1, samples.count * 95 / 100)]))  max \(Self.ms(samples[samples.count - 1]))  (\(samples.count) keys, \"\(filter)\")")
        for line in paging { print(line) }
    }

    /// Past 1,000 matches: the exact count of short prefixes (off the keystroke path in the
    /// console, timed here on its own), then `G` and PgUp to frame with the count known.
    private func measurePaging(_ state: inout AppState, _ reducer: ConsoleReducer, _ answer: StoreAnswers) throws -> [String] {
        let clock = ContinuousClock()
        let size = state.size
        var lines: [String] = []
        for prefix in ["b", "bench-0", "bench-00"] {
            drive(.key(.char("/")), &state, reducer, page: answer.page, detail: answer.detail)
            var held: [DeviceCountQuery] = []
            for character in prefix {
                held = drive(.key(.char(character)), &state, reducer, page: answer.page, detail: answer.detail)
            }
            drive(.key(.enter), &state, reducer, page: answer.page, detail: answer.detail)
            let bound = !state.devices.matchingIsExact
            var counts: [Duration] = []
            var matching = state.devices.matching
            if let request = held.last {
                for _ in 0..<3 {
                    let start = clock.now
                    matching = try answer.count(request)
                    counts.append(clock.now - start)
                }
                drive(.devicesCounted(request, matching: matching), &state, reducer, page: answer.page, detail: answer.detail)
            }
            let bottomStart = clock.now
            drive(.key(.char("G")), &state, reducer, page: answer.page, detail: answer.detail)
            _ = render(state, size: size)
            let bottom = clock.now - bottomStart
            let upStart = clock.now
            drive(.key(.pageUp), &state, reducer, page: answer.page, detail: answer.detail)
            _ = render(state, size: size)
            let up = clock.now - upStart
            guard state.devices.selected == matching - 1 - Layout(size: size).tableRows, state.devices.selectedRow != nil else {
                throw ValidationError("G/PgUp over \"\(prefix)\" did not reach the end (selected \(state.devices.selected) of \(matching))")
            }
            let countText = counts.isEmpty ? "exact with the page" : "exact count \(counts.map(Self.ms).joined(separator: " / "))"
            lines.append(
                "filter \"\(prefix)\" (\(Self.grouped(matching)) matches, first frame \(bound ? "1,000+" : "exact")): \(countText); G to frame \(Self.ms(bottom)); PgUp to frame \(Self.ms(up))")
            drive(.key(.escape), &state, reducer, page: answer.page, detail: answer.detail)
            drive(.key(.char("g")), &state, reducer, page: answer.page, detail: answer.detail)
        }
        let bottomStart = clock.now
        drive(.key(.char("G")), &state, reducer, page: answer.page, detail: answer.detail)
        _ = render(state, size: size)
        lines.append("no filter (\(Self.grouped(state.devices.matching)) devices): G to frame \(Self.ms(clock.now - bottomStart))")
        drive(.key(.char("g")), &state, reducer, page: answer.page, detail: answer.detail)
        return lines
    }

    /// "100,000".
    static func grouped(_ value: Int) -> String {
        var text = ""
        for (index, digit) in String(value).reversed().enumerated() {
            if index > 0, index % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return String(text.reversed())
    }

    /// Runs an action and every effect it causes, answering pages and details synchronously;
    /// count requests are returned, not answered (the console runs them after the frame).
    @discardableResult
    private func drive(
        _ action: Action, _ state: inout AppState, _ reducer: ConsoleReducer,
        page: (ConsoleCore.DeviceQuery) -> Action, detail: (String) -> Action
    ) -> [DeviceCountQuery] {
        var queue = [action]
        var counts: [DeviceCountQuery] = []
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in reducer.reduce(&state, next, now: Date()) {
                switch effect {
                case .queryDevices(let query): queue.append(page(query))
                case .loadDevice(let id): queue.append(detail(id))
                case .countDevices(let request): counts.append(request)
                default: break
                }
            }
        }
        return counts
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

/// The store runner's answers, synchronously, for the benchmark.
private struct StoreAnswers {
    let runner: StoreEngineRunner

    func page(_ query: ConsoleCore.DeviceQuery) -> Action {
        runner.cancelCount(unlessFilter: query.filter)
        return runner.page(query)
    }

    /// Starts the runner's background count, as `Effect.countDevices` does (the answer is dropped).
    func startCount(_ request: DeviceCountQuery) {
        runner.run(.countDevices(request)) { _ in }
    }

    /// Cancels a background count still running.
    func stopCount() {
        runner.cancelCount()
    }

    /// The exact count the runner's background task computes.
    func count(_ request: DeviceCountQuery) throws -> Int {
        let query = StoreEngineRunner.storeQuery(tenant: runner.tenant, ConsoleCore.DeviceQuery(filter: request.filter, sort: .endpoint, offset: 0, limit: 0))
        let store = runner.store
        return try BlockingWait.run { try await store.countDevicesCancellable(query) }
    }

    func detail(_ id: String) -> Action {
        let runner = self.runner
        return (try? BlockingWait.run { await runner.detail(id: id) }) ?? .failed("no detail")
    }
}
