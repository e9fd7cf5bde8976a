import ConsoleCore
import Foundation
import Testing

/// A store-like answerer for fleets too large to list: `lists` gives the number of matches per
/// filter text, row `i` of filter `f` is endpoint "<f>-<i, 6 digits>" (sorted by index), and like
/// the real runner a filter's count stops at `cap` (a lower bound) unless the page reaches the end.
struct PagedFleet {
    /// Matches per filter text ("" is the whole fleet, always counted exactly).
    var lists: [String: Int]
    /// Where the per-page count stops.
    var cap = 1_000
    /// Rows inserted in front of a list (a refresh then shifts every row down).
    var inserted: [String: [DeviceRow]] = [:]

    func matches(_ filter: String) -> Int {
        (lists[filter] ?? 0) + (inserted[filter]?.count ?? 0)
    }

    func row(_ filter: String, _ index: Int) -> DeviceRow {
        let front = inserted[filter] ?? []
        if index < front.count { return front[index] }
        let number = index - front.count
        let endpoint = filter.isEmpty ? String(format: "dev-%06d", number) : "\(filter)-" + String(format: "%06d", number)
        return DeviceRow(id: endpoint, endpoint: endpoint, security: "PSK", state: .registered)
    }

    /// Where device `id` is in the list of `filter`, or nil.
    func index(of id: String, filter: String) -> Int? {
        let front = inserted[filter] ?? []
        if let index = front.firstIndex(where: { $0.id == id }) { return index }
        let prefix = filter.isEmpty ? "dev-" : "\(filter)-"
        guard id.hasPrefix(prefix), let number = Int(id.dropFirst(prefix.count)), number < (lists[filter] ?? 0) else { return nil }
        return front.count + number
    }

    /// The page a store answers for `query`.
    func page(_ query: DeviceQuery) -> DevicePage {
        let total = matches(query.filter)
        let end = min(total, query.offset + query.limit)
        let rows = query.offset < end ? (query.offset..<end).map { row(query.filter, $0) } : []
        if query.filter.isEmpty || total < cap || end == total && !rows.isEmpty && rows.count < query.limit {
            return DevicePage(query: query, rows: rows, matching: total)
        }
        let bound = rows.isEmpty ? cap : max(cap, query.offset + rows.count)
        return DevicePage(query: query, rows: rows, matching: bound, matchingIsExact: false)
    }
}

/// Drives the reducer over a `PagedFleet`: pages and details are answered at once, count
/// requests are held so a test decides when (and whether) they arrive.
struct PagingHarness {
    var state: AppState
    var fleet: PagedFleet
    var reducer = ConsoleReducer()
    /// Count requests not answered yet, oldest first.
    var counts: [DeviceCountQuery] = []
    /// Every device query made, in order.
    var queries: [DeviceQuery] = []
    /// Devices the reducer asked to locate, in order.
    var locates: [String] = []

    init(fleet: PagedFleet, size: TerminalSize = TerminalSize(columns: 80, rows: 24)) {
        self.fleet = fleet
        state = AppState(size: size, now: TestFleet.epoch)
        send(.start)
        send(.engineStatus(EngineStatus(state: .up, ports: "5783/5784 bs 5683/5684", deviceCount: fleet.matches(""), onlineCount: 3)))
    }

    mutating func send(_ action: Action) {
        var queue = [action]
        var steps = 0
        while !queue.isEmpty {
            steps += 1
            guard steps < 1_000 else {
                Issue.record("the reducer keeps asking (query loop) after \(action)")
                return
            }
            let next = queue.removeFirst()
            for effect in reducer.reduce(&state, next, now: TestFleet.epoch) {
                switch effect {
                case .queryDevices(let query):
                    queries.append(query)
                    queue.append(.devicesLoaded(fleet.page(query)))
                case .loadDevice(let id):
                    let row = DeviceRow(id: id, endpoint: id, security: "PSK", state: .registered)
                    queue.append(.deviceLoaded(DeviceDetail(row: row)))
                case .countDevices(let request):
                    counts.append(request)
                case .locateDevice(let id, let query):
                    locates.append(id)
                    queue.append(.deviceLocated(id: id, in: query, index: fleet.index(of: id, filter: query.filter)))
                default:
                    break
                }
            }
        }
    }

    mutating func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    mutating func type(_ text: String) {
        for character in text { send(.key(.char(character))) }
    }

    /// Answers the oldest held count request with the fleet's exact count (or `matching`).
    mutating func answerCount(matching: Int? = nil) {
        guard !counts.isEmpty else { return }
        let request = counts.removeFirst()
        send(.devicesCounted(request, matching: matching ?? fleet.matches(request.filter)))
    }

    /// The devices pane title line and the visible device endpoints.
    func screen() -> String {
        render(state, size: state.size).text
    }
}
