import DeviceStore
import Foundation

/// A store in a temp dir with a hand-advanced clock, plus helpers to import CSV text.
final class StoreFixture {
    let directory: TemporaryDirectory
    let clock: ManualClock
    let store: DeviceStore

    init() throws {
        directory = try TemporaryDirectory()
        clock = ManualClock()
        let clock = clock
        store = try DeviceStore(directory: directory.path + "/data", clock: { clock.now })
    }

    /// Imports CSV `text` with `options` and returns the report.
    @discardableResult
    func importText(_ text: String, _ options: ImportOptions = ImportOptions()) throws -> ImportReport {
        let file = try directory.write(text, to: "import-\(UUID().uuidString).csv")
        return try BulkImporter(store: store).run(file: file, options: options)
    }

    /// Imports CSV `text` and returns every row result as seen by `onRow`.
    func importRows(_ text: String, _ options: ImportOptions = ImportOptions()) throws -> [ImportRowResult] {
        let file = try directory.write(text, to: "import-\(UUID().uuidString).csv")
        var rows: [ImportRowResult] = []
        _ = try BulkImporter(store: store).run(file: file, options: options) { rows.append($0) }
        return rows
    }

    /// The path of a fixture file shipped with the tests.
    static func fixture(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil) else {
            throw FixtureMissing(name: name)
        }
        return url.path
    }

    struct FixtureMissing: Error {
        let name: String
    }
}

/// A clock the test advances by hand.
final class ManualClock: @unchecked Sendable {
    // Confinement: `now` is only read and written under `lock`.
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(by seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }
}
