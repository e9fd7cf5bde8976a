import DeviceStore
import Foundation
import Testing

/// The headless commands run as the real binary: output, JSON shape and exit codes.
@Suite("CLI: import, devices, alarms, credentials", .timeLimit(.minutes(2)))
struct CommandLineTests {
    /// Runs the built binary with `arguments`, bounded to 60 s.
    private func run(_ arguments: [String]) throws -> BinaryRun { try BinaryRun.run(arguments) }

    @Test("import --json, devices, show with masked keys, delete, credentials delete")
    func importAndBrowse() throws {
        let directory = try TemporaryDirectory()
        let data = ["--data-dir", directory.path + "/data"]
        let seed = try StoreFixture.fixture("seed.csv")

        let dryRun = try run(["import", seed, "--dry-run"] + data)
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout.contains("line 3: would create psk_device"))
        #expect(dryRun.stdout.contains("Dry run: nothing was written."))
        #expect(try run(["devices"] + data).stdout.contains("No devices."))

        let imported = try run(["import", seed, "--json"] + data)
        #expect(imported.status == 0, "\(imported.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any])
        #expect(json["all"] as? Int == 2)
        #expect(json["created"] as? Int == 2)
        #expect(json["failed"] as? Int == 0)
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["nosec_device", "psk_device"])
        #expect(rows.allSatisfy { $0["status"] as? String == "created" && $0["line"] is Int && $0.keys.contains("reason") })

        let list = try run(["devices", "--filter", "PSK_"] + data)
        #expect(list.status == 0)
        #expect(list.stdout.contains("psk_device"))
        #expect(!list.stdout.contains("nosec_device"))

        let shown = try run(["devices", "show", "psk_device"] + data)
        #expect(shown.stdout.contains("c8y_BootstrapPskId"))
        #expect(shown.stdout.contains("••••cdef"))
        #expect(!shown.stdout.contains("0123456789abcdef0123456789abcdef"))
        let revealed = try run(["devices", "show", "psk_device", "--reveal-keys"] + data)
        #expect(revealed.stdout.contains("0123456789abcdef0123456789abcdef"))

        let missing = try run(["devices", "show", "nope"] + data)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no device 'nope' in tenant t-default"))

        #expect(try run(["devices", "delete", "nosec_device"] + data).status == 0)
        let refused = try run(["import", seed] + data)
        #expect(refused.status == 1, "a failed row makes import exit 1")
        #expect(refused.stdout.contains("line 2, column CREDENTIALS: credentials of a deleted device 'nosec_device'"))
        #expect(try run(["credentials", "delete", "nosec_device"] + data).status == 0)
        #expect(try run(["import", seed] + data).status == 0)
    }

    @Test("alarms list, ack and clear; a malformed file exits 1 with the reason")
    func alarmsAndErrors() throws {
        let directory = try TemporaryDirectory()
        let data = ["--data-dir", directory.path + "/data"]
        let seed = try StoreFixture.fixture("seed.csv")
        _ = try run(["import", seed] + data)
        let second = try directory.write(CSVBuilder.csv([CSVBuilder.noSec("nosec_device")]), to: "second.csv")
        #expect(try run(["import", second, "--tenant", "t-two"] + data).status == 0)

        let alarms = try run(["alarms", "--json"] + data)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(alarms.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["severity"] as? String == "MAJOR")
        let id = try #require(list.first?["id"] as? Int)
        #expect(try run(["alarms", "ack", String(id)] + data).stdout.contains("ACKNOWLEDGED"))
        #expect(try run(["alarms", "clear", String(id)] + data).stdout.contains("CLEARED"))
        #expect(try run(["alarms"] + data).stdout.contains("No open alarms."))
        #expect(try run(["alarms", "ack", "999"] + data).status == 1)

        let garbage = try directory.write(Data([0x00, 0x01, 0x02, 0xFF]), to: "garbage.csv")
        let failed = try run(["import", garbage] + data)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("NUL byte"))
    }
}
