import DeviceStore
import Foundation
import Testing

/// The console's page and capped-count queries over more devices than the dense threshold
/// (1,000), checked against the same filter and sort done in Swift over the imported rows.
@Suite struct DevicePageTests {
    /// One imported device as the test knows it.
    struct Known {
        let tenant: String
        let id: String
        let endpoint: String
        let name: String
    }

    /// 1,500 "Dev-NNNN" devices whose names ("Unit NNNN") run the other way, 10 "zeta" devices
    /// whose names sort first, and 20 "Dev-…" devices in a second tenant. (The classic layout
    /// needs the endpoint to equal the ID, so the name is the key that orders differently.)
    static func fleet() throws -> (StoreFixture, [Known]) {
        let fixture = try StoreFixture()
        var known: [Known] = []
        var rows: [[String: String]] = []
        for index in 0..<1_500 {
            var row = CSVBuilder.noSec(String(format: "Dev-%04d", index))
            row["NAME"] = String(format: "Unit %04d", 1_499 - index)
            rows.append(row)
        }
        for index in 0..<10 {
            var row = CSVBuilder.noSec("zeta-\(index)")
            row["NAME"] = "aaa-zeta-\(index)"
            rows.append(row)
        }
        let report = try fixture.importText(CSVBuilder.csv(rows), ImportOptions(tenant: "t-main"))
        #expect(report.failed == 0, "\(report)")
        for row in rows {
            known.append(Known(tenant: "t-main", id: row["ID"] ?? "", endpoint: row["endpoint id"] ?? "", name: row["NAME"] ?? ""))
        }
        var other: [[String: String]] = []
        for index in 0..<20 {
            var row = CSVBuilder.noSec(String(format: "Dev-B%03d", index))
            row["NAME"] = String(format: "aa-b-%03d", index)
            other.append(row)
        }
        #expect(try fixture.importText(CSVBuilder.csv(other), ImportOptions(tenant: "t-other")).failed == 0)
        for row in other {
            known.append(Known(tenant: "t-other", id: row["ID"] ?? "", endpoint: row["endpoint id"] ?? "", name: row["NAME"] ?? ""))
        }
        return (fixture, known)
    }

    /// The IDs a page should hold: the prefix on ID, endpoint or name (ASCII case-insensitive),
    /// sorted by the lower-cased key, then tenant, then ID.
    static func expected(_ known: [Known], tenant: String, prefix: String, key: (Known) -> String, descending: Bool, limit: Int, offset: Int) -> [String] {
        let lowered = prefix.lowercased()
        let matches = known.filter { device in
            device.tenant == tenant
                && [device.id, device.endpoint, device.name].contains { $0.lowercased().hasPrefix(lowered) }
        }
        let sorted = matches.sorted { left, right in
            let a = (key(left).lowercased(), left.tenant, left.id)
            let b = (key(right).lowercased(), right.tenant, right.id)
            return descending ? a > b : a < b
        }
        return Array(sorted.dropFirst(offset).prefix(limit)).map(\.id)
    }

    @Test func pagesMatchTheFilterAndSortOnBothSidesOfTheDenseThreshold() throws {
        let (fixture, known) = try Self.fleet()
        let store = fixture.store
        let cases: [(prefix: String, sort: DeviceQuery.SortKey, descending: Bool, offset: Int)] = [
            ("dev", .name, false, 0),  // 1,500 matches: walks the name index
            ("DEV", .name, false, 1_450),  // the page at the end of a dense match
            ("dev", .endpoint, true, 0),
            ("dev-01", .name, false, 0),  // 100 matches: sorts the matches
            ("UNIT 14", .endpoint, false, 20),  // name prefix only
            ("unit 0", .id, true, 0),  // exactly 1,000 matches, descending by ID
            ("zeta", .name, false, 0),
            ("nothing", .endpoint, false, 0),
        ]
        for test in cases {
            let key: (Known) -> String =
                switch test.sort {
                case .id: { $0.id }
                case .name: { $0.name }
                default: { $0.endpoint }
                }
            let page = try store.devices(DeviceQuery(
                tenant: "t-main", prefix: test.prefix, sort: test.sort, descending: test.descending, limit: 40, offset: test.offset))
            let wanted = Self.expected(
                known, tenant: "t-main", prefix: test.prefix, key: key, descending: test.descending, limit: 40, offset: test.offset)
            #expect(page.map(\.id) == wanted, "prefix \(test.prefix) sort \(test.sort) offset \(test.offset)")
            #expect(page.allSatisfy { $0.tenant == "t-main" })
        }
        let unfiltered = try store.devices(DeviceQuery(tenant: "t-main", sort: .name, limit: 12))
        #expect(unfiltered.map(\.id) == Self.expected(known, tenant: "t-main", prefix: "", key: { $0.name }, descending: false, limit: 12, offset: 0))
    }

    @Test func aCappedCountStopsAtTheCapAndIsExactBelowIt() throws {
        let (fixture, _) = try Self.fleet()
        let store = fixture.store
        let dev = DeviceQuery(tenant: "t-main", prefix: "dev")
        #expect(try store.countDevices(dev) == 1_500)
        #expect(try store.countDevices(dev, upTo: 1_000) == 1_000)
        #expect(try store.countDevices(dev, upTo: 5_000) == 1_500)
        #expect(try store.countDevices(DeviceQuery(tenant: "t-main", prefix: "zeta"), upTo: 1_000) == 10)
        #expect(try store.countDevices(DeviceQuery(tenant: "t-other", prefix: "dev"), upTo: 1_000) == 20)
        #expect(try store.countDevices(DeviceQuery(tenant: "t-main"), upTo: 100) == 100)
    }

    @Test func aPageReadFromTheEndEqualsTheSamePageReadFromTheStart() throws {
        let (fixture, known) = try Self.fleet()
        let store = fixture.store
        let cases: [(prefix: String?, sort: DeviceQuery.SortKey, descending: Bool, offset: Int, limit: Int)] = [
            ("dev", .name, false, 1_490, 40),  // the last (short) page of 1,500 dense matches
            ("dev", .endpoint, false, 1_460, 40),  // the last full page
            ("dev", .endpoint, true, 800, 40),  // just past the middle
            ("dev-01", .name, false, 90, 20),  // few matches, sorted in memory
            (nil, .endpoint, false, 1_500, 30),  // no filter: the whole tenant (1,510)
            ("unit 0", .id, true, 990, 25),  // past the end: only the 10 left
        ]
        for test in cases {
            let query = DeviceQuery(
                tenant: "t-main", prefix: test.prefix, sort: test.sort, descending: test.descending, limit: test.limit,
                offset: test.offset)
            let matching = try store.countDevices(query)
            let backwards = try store.devices(query, matching: matching)
            let forwards = try store.devices(query)
            #expect(backwards.map(\.id) == forwards.map(\.id), "prefix \(test.prefix ?? "-") offset \(test.offset)")
            let key: (Known) -> String =
                switch test.sort {
                case .id: { $0.id }
                case .name: { $0.name }
                default: { $0.endpoint }
                }
            let wanted = Self.expected(
                known, tenant: "t-main", prefix: test.prefix ?? "", key: key, descending: test.descending, limit: test.limit,
                offset: test.offset)
            #expect(backwards.map(\.id) == wanted)
            #expect(!backwards.isEmpty)
        }
    }

    @Test func theCancellableCountIsExactAndStopsWhenCancelled() async throws {
        let (fixture, _) = try Self.fleet()
        let store = fixture.store
        #expect(try await store.countDevicesCancellable(DeviceQuery(tenant: "t-main", prefix: "dev")) == 1_500)
        #expect(try await store.countDevicesCancellable(DeviceQuery(tenant: "t-main", prefix: "UNIT 14")) == 100)
        #expect(try await store.countDevicesCancellable(DeviceQuery(tenant: "t-main")) == 1_510)
        #expect(try await store.countDevicesCancellable(DeviceQuery(tenant: "t-other", prefix: "dev")) == 20)
        // A task cancelled before it reads gets CancellationError, not a number.
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await store.countDevicesCancellable(DeviceQuery(tenant: "t-main", prefix: "dev"))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func aDevicesPositionIsItsIndexInTheFilteredSortedList() throws {
        let (fixture, known) = try Self.fleet()
        let store = fixture.store
        let cases: [(prefix: String?, sort: DeviceQuery.SortKey, descending: Bool, key: (Known) -> String)] = [
            ("dev", .name, false, { $0.name }),
            ("dev", .endpoint, true, { $0.endpoint }),
            ("unit 1", .id, false, { $0.id }),
            (nil, .endpoint, false, { $0.endpoint }),
            (nil, .name, true, { $0.name }),
        ]
        for test in cases {
            let all = Self.expected(
                known, tenant: "t-main", prefix: test.prefix ?? "", key: test.key, descending: test.descending, limit: 10_000, offset: 0)
            let query = DeviceQuery(tenant: "t-main", prefix: test.prefix, sort: test.sort, descending: test.descending)
            for index in [0, 1, all.count / 2, all.count - 1] {
                #expect(try store.position(ofDevice: all[index], in: query) == index, "\(test.prefix ?? "-") \(test.sort) #\(index)")
            }
        }
        // Not matching the filter, another tenant's, or unknown: no position.
        #expect(try store.position(ofDevice: "zeta-1", in: DeviceQuery(tenant: "t-main", prefix: "dev")) == nil)
        #expect(try store.position(ofDevice: "Dev-B001", in: DeviceQuery(tenant: "t-main")) == nil)
        #expect(try store.position(ofDevice: "nope", in: DeviceQuery(tenant: "t-main")) == nil)
        // By last change: the order the page query gives.
        let byChange = DeviceQuery(tenant: "t-main", prefix: "dev-00", sort: .updatedAt, descending: true, limit: 200)
        let pageIDs = try store.devices(byChange).map(\.id)
        for index in [0, 37, pageIDs.count - 1] {
            #expect(try store.position(ofDevice: pageIDs[index], in: byChange) == index)
        }
    }
}
