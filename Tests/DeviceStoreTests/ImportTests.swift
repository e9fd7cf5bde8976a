import DeviceStore
import Foundation
import Testing

@Suite("Bulk import: layouts, separators, tenants, re-import, dry run")
struct ImportTests {
    @Test("the seed's two example devices import with their external IDs and keys")
    func seedDevices() throws {
        let fixture = try StoreFixture()
        let report = try BulkImporter(store: fixture.store).run(file: try StoreFixture.fixture("seed.csv"))

        #expect(report.layout == .classic)
        #expect(report.separator == ";")
        #expect((report.all, report.created, report.updated, report.failed) == (2, 2, 0, 0))
        let nosec = try #require(try fixture.store.deviceDetails(tenant: "t-default", id: "nosec_device"))
        #expect(nosec.device.securityMode == .noSec)
        #expect(nosec.device.endpoint == "nosec_device")
        #expect(nosec.device.owner == "device_nosec_device")
        #expect(nosec.device.type == "c8y_lwm2m")
        #expect(nosec.lwm2mPSK == nil && nosec.bootstrapPSK == nil)
        #expect(nosec.externalIDs == [ExternalID(type: "c8y_Id", value: "nosec_device")])
        #expect(nosec.bootstrap.lwm2mServerURI == "coap://lwm2m.example.com:5783")

        let psk = try #require(try fixture.store.deviceDetails(tenant: "t-default", id: "psk_device"))
        #expect(psk.device.securityMode == .psk)
        #expect(
            psk.externalIDs == [
                ExternalID(type: "c8y_Id", value: "psk_device"),
                ExternalID(type: "c8y_Lwm2mPskId", value: "psk_device_lwm2m"),
                ExternalID(type: "c8y_BootstrapPskId", value: "psk_device_bs"),
            ])
        #expect(psk.lwm2mPSK?.key == Data([0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF] + [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF]))
        #expect(psk.hasCredentials)
        #expect(try fixture.store.verifyCredentials(tenant: "t-default", deviceID: "psk_device", password: "Psk-Passw0rd!42"))
        #expect(try !fixture.store.verifyCredentials(tenant: "t-default", deviceID: "psk_device", password: "Psk-Passw0rd!43"))
        // The engine's lookups.
        #expect(try fixture.store.device(bootstrapPSKIdentity: "psk_device_bs")?.device.id == "psk_device")
        #expect(try fixture.store.device(lwm2mPSKIdentity: "psk_device_lwm2m")?.psk.key == psk.lwm2mPSK?.key)
        #expect(try fixture.store.device(endpoint: "nosec_device")?.id == "nosec_device")
        #expect(try fixture.store.device(externalID: ExternalID(type: "c8y_BootstrapPskId", value: "psk_device_bs"))?.id == "psk_device")
    }

    @Test("the password never appears in the database file")
    func credentialsNotInClear() throws {
        let fixture = try StoreFixture()
        try BulkImporter(store: fixture.store).run(file: try StoreFixture.fixture("seed.csv"))
        var bytes = Data()
        for suffix in ["", "-wal"] {
            bytes += FileManager.default.contents(atPath: fixture.store.databasePath + suffix) ?? Data()
        }
        #expect(bytes.count > 0)
        #expect(bytes.range(of: Data("Psk-Passw0rd!42".utf8)) == nil)
        #expect(bytes.range(of: Data("Nosec-Passw0rd!".utf8)) == nil)
    }

    @Test("the LwM2M-only layout: ID and NAME default to the endpoint", arguments: ["\t", ";", ","])
    func lwm2mOnlyLayout(separator: String) throws {
        let fixture = try StoreFixture()
        let text = [
            ["endpoint id", "securityMode", "bootstrapSecurityMode", "lwm2m psk_id", "lwm2m psk_key", "type"],
            ["ep-plain", "NO_SEC", "", "", "", ""],
            ["ep-secure", "PSK", "NO_SEC", "ep-secure-id", "A1B2", "c8y_lwm2m"],
        ].map { $0.joined(separator: separator) }.joined(separator: "\n")
        let report = try fixture.importText(text)

        #expect(report.layout == .lwm2mOnly)
        #expect(report.separator == (separator == "\t" ? "tab" : separator))
        #expect(report.created == 2, "\(report.attentionRows)")
        let plain = try #require(try fixture.store.device(tenant: "t-default", id: "ep-plain"))
        #expect(plain.name == "ep-plain")
        #expect(plain.endpoint == "ep-plain")
        let secure = try #require(try fixture.store.deviceDetails(tenant: "t-default", id: "ep-secure"))
        #expect(secure.device.securityMode == .psk)
        #expect(secure.bootstrap.bootstrapSecurityMode == .noSec)
        #expect(secure.lwm2mPSK == PSKCredential(identity: "ep-secure-id", key: Data([0xA1, 0xB2])))
        #expect(secure.bootstrapPSK == nil)
        #expect(!secure.hasCredentials)
    }

    @Test("the classic layout with each separator", arguments: ["\t", ";", ","])
    func classicSeparators(separator: String) throws {
        let fixture = try StoreFixture()
        var row = CSVBuilder.noSec("sep-1")
        row["NAME"] = "Pump; hall 3, left"  // holds the other separators: must be quoted only for its own
        let report = try fixture.importText(CSVBuilder.csv([row], separator: separator))

        #expect(report.created == 1, "\(report.attentionRows)")
        #expect(try fixture.store.device(tenant: "t-default", id: "sep-1")?.name == "Pump; hall 3, left")
    }

    @Test("a UTF-8 BOM, CRLF line ends and case-insensitive, padded headers")
    func bomCRLFAndHeaderCase() throws {
        let fixture = try StoreFixture()
        let text = "\u{FEFF}  id ;IdType;credentials;Name;TYPE;shell;COM_CUMULOCITY_MODEL_AGENT; Endpoint ID ;LWM2M Server URI;SECURITYMODE\r\n"
            + "bom-1;c8y_Id;Secret-Passw0rd!;Ünïcødé name;c8y_lwm2m;0;1;bom-1;coap://10.0.0.1:5783;NO_SEC\r\n"
        let report = try fixture.importText(text)

        #expect(report.created == 1, "\(report.attentionRows)")
        let device = try #require(try fixture.store.device(tenant: "t-default", id: "bom-1"))
        #expect(device.name == "Ünïcødé name")
        #expect(device.shellEnabled == false)
    }

    @Test("old Mac CR line ends and CRLF inside quoted cells count one line each")
    func crLineEnds() throws {
        let fixture = try StoreFixture()
        var multiline = CSVBuilder.noSec("cr-1")
        multiline["NAME"] = "two\r\nlines"
        var bad = CSVBuilder.noSec("cr-2")
        bad["TYPE"] = "x"
        let rows = try fixture.importRows(CSVBuilder.csv([multiline, bad], lineEnd: "\r"))

        #expect(rows.map(\.status) == [.created, .failed])
        #expect(rows[1].line == 4)
        #expect(try fixture.store.device(tenant: "t-default", id: "cr-1")?.name == "two\r\nlines")
    }

    @Test("quoted cells may hold separators, quotes and line breaks; line numbers follow the file")
    func quotedCells() throws {
        let fixture = try StoreFixture()
        var multiline = CSVBuilder.noSec("q-1")
        multiline["NAME"] = "first line\nsecond; line with \"quotes\""
        var bad = CSVBuilder.noSec("q-2")
        bad["SHELL"] = "2"
        let rows = try fixture.importRows(CSVBuilder.csv([multiline, bad]))

        #expect(rows.map(\.status) == [.created, .failed])
        #expect(rows[1].line == 4, "the quoted line break makes the second record start on line 4")
        #expect(try fixture.store.device(tenant: "t-default", id: "q-1")?.name == "first line\nsecond; line with \"quotes\"")
    }

    @Test("unknown columns become custom properties, external-<type> columns external IDs")
    func customPropertiesAndExternalIDs() throws {
        let fixture = try StoreFixture()
        var row = CSVBuilder.noSec("cp-1")
        row["location"] = "Hall 3"
        row["external-c8y_Serial"] = "SN-0042"
        row["fwUpdateURL"] = "https://fw.example.com/img.bin"
        row["registrationLifetime"] = "3600"
        row["emptyProperty"] = ""
        try fixture.importText(CSVBuilder.csv([row]))

        let details = try #require(try fixture.store.deviceDetails(tenant: "t-default", id: "cp-1"))
        #expect(details.customProperties == [CustomProperty(name: "location", value: "Hall 3")])
        #expect(details.externalIDs.contains(ExternalID(type: "c8y_Serial", value: "SN-0042")))
        #expect(details.device.firmware.url == "https://fw.example.com/img.bin")
        #expect(details.bootstrap.registrationLifetime == 3600)
        #expect(try fixture.store.device(externalID: ExternalID(type: "c8y_Serial", value: "SN-0042"))?.id == "cp-1")
    }

    @Test("an endpoint of another tenant: imported, marked duplicate, MAJOR alarm with SPEC's text")
    func duplicateEndpointAcrossTenants() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("shared-ep")]), ImportOptions(tenant: "t-first"))
        let report = try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("shared-ep")]), ImportOptions(tenant: "t-second"))

        #expect(report.created == 1)
        #expect(report.warnings == 1)
        let duplicate = try #require(try fixture.store.device(tenant: "t-second", id: "shared-ep"))
        #expect(duplicate.isDuplicate)
        #expect(try fixture.store.device(tenant: "t-first", id: "shared-ep")?.isDuplicate == false)
        #expect(try fixture.store.device(endpoint: "shared-ep")?.tenant == "t-first", "the first tenant keeps the endpoint")
        let alarms = try fixture.store.alarms()
        #expect(alarms.count == 1)
        #expect(alarms.first?.severity == .major)
        #expect(alarms.first?.tenant == "t-second")
        #expect(alarms.first?.deviceID == "shared-ep")
        #expect(
            alarms.first?.text
                == "Device with endpoint shared-ep already exists in tenant t-first. Retry with a different endpoint name")
    }

    @Test("importing the same ID again updates the device; --create-only refuses")
    func reimportUpdates() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.psk("re-1")]))
        let created = try #require(try fixture.store.device(tenant: "t-default", id: "re-1"))
        fixture.clock.advance(by: 60)
        var fixed = CSVBuilder.psk("re-1")
        fixed["NAME"] = "Fixed name"
        fixed["lwm2m psk_key"] = "abcdef"
        fixed["CREDENTIALS"] = "New-Passw0rd!!"

        let refused = try fixture.importRows(CSVBuilder.csv([fixed]), ImportOptions(createOnly: true))
        #expect(refused.first?.status == .failed)
        #expect(
            refused.first?.issues
                == [FieldIssue(field: "ID", message: "device 're-1' already exists in tenant 't-default' (--create-only does not update)")])
        #expect(try fixture.store.device(tenant: "t-default", id: "re-1")?.name == "Name of re-1")

        let report = try fixture.importText(CSVBuilder.csv([fixed]))
        #expect((report.created, report.updated) == (0, 1))
        let details = try #require(try fixture.store.deviceDetails(tenant: "t-default", id: "re-1"))
        #expect(details.device.name == "Fixed name")
        #expect(details.device.createdAt == created.createdAt)
        #expect(details.device.updatedAt == created.createdAt.addingTimeInterval(60))
        #expect(details.lwm2mPSK?.key == Data([0xAB, 0xCD, 0xEF]))
        #expect(try fixture.store.verifyCredentials(tenant: "t-default", deviceID: "re-1", password: "New-Passw0rd!!"))
        #expect(try fixture.store.countDevices(DeviceQuery()) == 1)
    }

    @Test("credentials of a deleted device block re-import until `credentials delete`")
    func credentialReuseRefused() throws {
        let fixture = try StoreFixture()
        let text = CSVBuilder.csv([CSVBuilder.noSec("gone-1")])
        try fixture.importText(text)
        #expect(try fixture.store.deleteDevice(tenant: "t-default", id: "gone-1"))
        #expect(try fixture.store.hasCredentials(tenant: "t-default", deviceID: "gone-1"), "credentials outlive the device")

        let refused = try fixture.importRows(text)
        #expect(refused.first?.status == .failed)
        #expect(
            refused.first?.issues
                == [
                    FieldIssue(
                        field: "CREDENTIALS",
                        message: "credentials of a deleted device 'gone-1' are still stored; delete them first with `lwm2m-console credentials delete gone-1`")
                ])
        #expect(try fixture.store.device(tenant: "t-default", id: "gone-1") == nil)

        #expect(try fixture.store.deleteCredentials(tenant: "t-default", deviceID: "gone-1"))
        let report = try fixture.importText(text)
        #expect(report.created == 1)
    }

    @Test("--dry-run reports what would change and writes nothing")
    func dryRunWritesNothing() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.noSec("existing")]), ImportOptions(tenant: "t-other"))
        let before = try StoreSnapshot(fixture.store)
        var changed = CSVBuilder.noSec("existing")
        changed["NAME"] = "changed"
        var bad = CSVBuilder.noSec("bad")
        bad["TYPE"] = "x"
        let report = try fixture.importText(
            CSVBuilder.csv([CSVBuilder.noSec("new-1"), changed, bad, CSVBuilder.noSec("shared")]),
            ImportOptions(tenant: "t-other", dryRun: true))

        #expect(report.dryRun)
        #expect((report.all, report.created, report.updated, report.failed) == (4, 2, 1, 1))
        #expect(try StoreSnapshot(fixture.store) == before)
        #expect(try fixture.store.device(tenant: "t-other", id: "existing")?.name == "Name of existing")
    }

    @Test("--failed-rows writes the failed rows with a failureReason column")
    func failedRowsFile() throws {
        let fixture = try StoreFixture()
        var bad = CSVBuilder.noSec("bad-1")
        bad["SHELL"] = "x"
        bad["NAME"] = "needs; quoting"
        let out = fixture.directory.path + "/failed.csv"
        let report = try fixture.importText(
            CSVBuilder.csv([CSVBuilder.noSec("ok-1"), bad]), ImportOptions(failedRowsPath: out))

        #expect(report.failed == 1)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let lines = written.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(";failureReason"))
        #expect(lines[1] == "bad-1;c8y_Id;Secret-Passw0rd!;\"needs; quoting\";c8y_lwm2m;x;1;bad-1;coap://127.0.0.1:5783;NO_SEC;column SHELL: SHELL must be 0 or 1, got 'x'")
        // The fixed file imports: the failed-rows file is a valid import file itself.
        let fixedText = written.replacingOccurrences(of: ";x;1;bad-1", with: ";1;1;bad-1")
        let fixedReport = try fixture.importText(fixedText)
        #expect(fixedReport.created == 1, "\(fixedReport.attentionRows)")
    }
}
