import ConsoleCore
import Foundation
import Testing

/// Render snapshots: text grids compared exactly with files in Snapshots/.
/// Re-record with `RECORD_SNAPSHOTS=1 swift test --filter ConsoleCoreTests`.
@Suite("Render snapshots")
struct SnapshotTests {
    static let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 120, rows: 40)]

    /// Scenes: a name and how to reach it from a fresh harness.
    static let scenes: [(String, @Sendable (inout Harness) -> Void)] = [
        ("main", { _ in }),
        ("filtered", { harness in
            harness.press(.char("/"))
            harness.type("met")
        }),
        ("shell-pending", { harness in
            harness.press(.tab, .tab)
            harness.type("read /3/0/0")
            harness.press(.enter)
            harness.send(.shellUpdate(requestID: 1, .completed(ShellResult(code: "2.05 Content", isSuccess: true, lines: ["/3/0/0 Manufacturer = \"Acme\""], milliseconds: 14))))
            harness.type("execute /3/0/4")
            harness.press(.enter)
            harness.send(.shellUpdate(requestID: 2, .pending(reason: "device asleep, queued")))
            harness.advance(2.5)
        }),
        ("bootstrap-invalid", { harness in
            harness.press(.enter, .char("l"), .char("l"), .char("e"), .tab, .tab, .tab, .tab, .ctrl("u"))
            harness.type("soon")
        }),
        ("objects", { harness in
            harness.press(.enter, .char("l"), .char("l"), .char("l"), .char("j"), .char("j"))
        }),
        ("help", { harness in harness.press(.char("?")) }),
        ("confirm-quit", { harness in
            harness.press(.tab, .tab)
            harness.type("read /3/0/0")
            harness.press(.enter, .escape, .char("q"))
        }),
        ("import-progress", { harness in
            harness.press(.char("i"))
            harness.type("/tmp/fleet.csv")
            harness.press(.enter)
            harness.send(.importChecked(path: "/tmp/fleet.csv", ImportSummary(rows: 1000, valid: 998, errors: [ImportRowError(line: 5, reason: "endpoint is empty")])))
            harness.press(.enter)
            harness.send(.importProgress(ImportProgress(done: 600, total: 1000, errors: 1, startedAt: harness.now)))
            harness.advance(3)
        }),
    ]

    static var arguments: [(String, TerminalSize)] {
        scenes.flatMap { scene in sizes.map { (scene.0, $0) } }
    }

    @Test(arguments: arguments)
    func snapshot(scene: String, size: TerminalSize) throws {
        var harness = Harness(size: size)
        guard let steps = Self.scenes.first(where: { $0.0 == scene })?.1 else { return }
        steps(&harness)
        try Snapshot.assert(harness.screen(), named: "\(scene)-\(size.columns)x\(size.rows)")
    }

    @Test func tooSmallScreen() throws {
        var harness = Harness(size: TerminalSize(columns: 60, rows: 15))
        harness.send(.resize(TerminalSize(columns: 60, rows: 15)))
        let screen = harness.screen()
        #expect(screen.contains("terminal too small (needs 80×24)"))
        try Snapshot.assert(screen, named: "too-small-60x15")
    }
}

/// Compares text with a stored snapshot, or records it when RECORD_SNAPSHOTS=1.
enum Snapshot {
    static func assert(_ text: String, named name: String, sourceFile: String = #filePath) throws {
        let directory = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let file = directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        // Read the copy bundled as a resource; fall back to the source tree.
        let bundled = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Snapshots")
        guard let expected = try? String(contentsOf: bundled ?? file, encoding: .utf8) else {
            Issue.record("missing snapshot \(name).txt; record it with RECORD_SNAPSHOTS=1")
            return
        }
        #expect(text == expected, "snapshot \(name) differs; re-record with RECORD_SNAPSHOTS=1 if the change is intended")
    }
}
