import DeviceStore
import Foundation
import Testing

/// One row rule: start from a valid row, change some cells, expect the row to fail on one column
/// with one message.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let name: String
    let psk: Bool
    let changes: [String: String]
    let column: String?
    let message: String

    var testDescription: String { name }
}

@Suite("Row rules: each failure names its line, column and reason")
struct RowRuleTests {
    static let cases: [RuleCase] = [
        RuleCase(name: "ID missing", psk: false, changes: ["ID": ""], column: "ID", message: "ID is required"),
        RuleCase(
            name: "IDTYPE not c8y_Id", psk: false, changes: ["IDTYPE": "imei"], column: "IDTYPE",
            message: "IDTYPE must be c8y_Id, got 'imei'"),
        RuleCase(
            name: "TYPE not c8y_lwm2m", psk: false, changes: ["TYPE": "thing"], column: "TYPE",
            message: "TYPE must be c8y_lwm2m, got 'thing'"),
        RuleCase(
            name: "CREDENTIALS too short", psk: false, changes: ["CREDENTIALS": "Ab1!short"], column: "CREDENTIALS",
            message: weakPassword),
        RuleCase(
            name: "CREDENTIALS without upper-case", psk: false, changes: ["CREDENTIALS": "lowercase-only-1"],
            column: "CREDENTIALS", message: weakPassword),
        RuleCase(
            name: "CREDENTIALS without lower-case", psk: false, changes: ["CREDENTIALS": "UPPERCASE-ONLY-1"],
            column: "CREDENTIALS", message: weakPassword),
        RuleCase(
            name: "CREDENTIALS without digit", psk: false, changes: ["CREDENTIALS": "No-Digits-Here!"],
            column: "CREDENTIALS", message: weakPassword),
        RuleCase(
            name: "CREDENTIALS without special character", psk: false, changes: ["CREDENTIALS": "NoSpecials12345"],
            column: "CREDENTIALS", message: weakPassword),
        RuleCase(
            name: "SHELL not 0/1", psk: false, changes: ["SHELL": "yes"], column: "SHELL",
            message: "SHELL must be 0 or 1, got 'yes'"),
        RuleCase(
            name: "agent flag not 1", psk: false, changes: ["com_cumulocity_model_Agent": "0"],
            column: "com_cumulocity_model_Agent", message: "com_cumulocity_model_Agent must be 1, got '0'"),
        RuleCase(
            name: "endpoint id missing", psk: false, changes: ["endpoint id": ""], column: "endpoint id",
            message: "endpoint id is required"),
        RuleCase(
            name: "endpoint id differs from ID", psk: false, changes: ["endpoint id": "other"], column: "endpoint id",
            message: "endpoint id 'other' must equal ID 'dev-1' in the classic layout"),
        RuleCase(
            name: "securityMode unknown", psk: false, changes: ["securityMode": "RPK"], column: "securityMode",
            message: "securityMode must be NO_SEC or PSK, got 'RPK'"),
        RuleCase(
            name: "server URI not CoAP", psk: false, changes: ["lwm2m server uri": "http://example.com"],
            column: "lwm2m server uri",
            message: "lwm2m server uri must be a coap:// or coaps:// URI with a host, got 'http://example.com'"),
        RuleCase(
            name: "PSK with coap:// URI", psk: true, changes: ["lwm2m server uri": "coap://127.0.0.1:5783"],
            column: "lwm2m server uri",
            message: "lwm2m server uri must be a coaps:// URI when securityMode is PSK, got 'coap://127.0.0.1:5783'"),
        RuleCase(
            name: "PSK without lwm2m psk_id", psk: true, changes: ["lwm2m psk_id": ""], column: "lwm2m psk_id",
            message: "lwm2m psk_id is required when securityMode is PSK"),
        RuleCase(
            name: "PSK without lwm2m psk_key", psk: true, changes: ["lwm2m psk_key": ""], column: "lwm2m psk_key",
            message: "lwm2m psk_key is required when securityMode is PSK"),
        RuleCase(
            name: "PSK without bootstrap psk_id", psk: true, changes: ["bootstrap psk_id": ""],
            column: "bootstrap psk_id", message: "bootstrap psk_id is required when securityMode is PSK"),
        RuleCase(
            name: "PSK without bootstrap psk_key", psk: true, changes: ["bootstrap psk_key": ""],
            column: "bootstrap psk_key", message: "bootstrap psk_key is required when securityMode is PSK"),
        RuleCase(
            name: "PSK key of odd length", psk: true, changes: ["lwm2m psk_key": "abc"], column: "lwm2m psk_key",
            message: "lwm2m psk_key must be hexadecimal with an even number of digits"),
        RuleCase(
            name: "PSK key not hex", psk: true, changes: ["bootstrap psk_key": "zz11"], column: "bootstrap psk_key",
            message: "bootstrap psk_key must be hexadecimal with an even number of digits"),
        RuleCase(
            name: "bootstrap psk_id differs from external-c8y_BootstrapPskId", psk: true,
            changes: ["external-c8y_BootstrapPskId": "someone-else"], column: "bootstrap psk_id",
            message: "bootstrap psk_id 'dev-1-bs' must equal external-c8y_BootstrapPskId 'someone-else'"),
        RuleCase(
            name: "NO_SEC with a PSK id", psk: false, changes: ["lwm2m psk_id": "stray"], column: "lwm2m psk_id",
            message: "lwm2m psk_id must be empty when securityMode is NO_SEC"),
        RuleCase(
            name: "NO_SEC with a bootstrap key", psk: false, changes: ["bootstrap psk_key": "0011"],
            column: "bootstrap psk_key", message: "bootstrap psk_key must be empty when securityMode is NO_SEC"),
        RuleCase(
            name: "lwm2mShortServerId 0", psk: false, changes: ["lwm2mShortServerId": "0"],
            column: "lwm2mShortServerId",
            message: "lwm2mShortServerId must be a whole number from 1 to 65534, got '0'"),
        RuleCase(
            name: "lwm2mShortServerId 65535", psk: false, changes: ["lwm2mShortServerId": "65535"],
            column: "lwm2mShortServerId",
            message: "lwm2mShortServerId must be a whole number from 1 to 65534, got '65535'"),
        RuleCase(
            name: "securityInstanceOffset negative", psk: false, changes: ["securityInstanceOffset": "-1"],
            column: "securityInstanceOffset",
            message: "securityInstanceOffset must be a whole number from 0 to 65535, got '-1'"),
        RuleCase(
            name: "old header 'security instance id' checked the same", psk: false,
            changes: ["security instance id": "x"], column: "securityInstanceOffset",
            message: "securityInstanceOffset must be a whole number from 0 to 65535, got 'x'"),
        RuleCase(
            name: "registrationLifetime not a number", psk: false, changes: ["registrationLifetime": "1d"],
            column: "registrationLifetime",
            message: "registrationLifetime must be a whole number from 1 to 2147483647, got '1d'"),
        RuleCase(
            name: "awakeTimeRegistrationParameter negative", psk: false,
            changes: ["awakeTimeRegistrationParameter": "-5"], column: "awakeTimeRegistrationParameter",
            message: "awakeTimeRegistrationParameter must be a whole number from 0 to 2147483647, got '-5'"),
        RuleCase(
            name: "bootstrapShortServerId out of range", psk: false, changes: ["bootstrapShortServerId": "70000"],
            column: "bootstrapShortServerId",
            message: "bootstrapShortServerId must be a whole number from 0 to 65535, got '70000'"),
        RuleCase(
            name: "disableTimeout not a number", psk: false, changes: ["disableTimeout": "soon"],
            column: "disableTimeout", message: "disableTimeout must be a whole number from 0 to 2147483647, got 'soon'"),
        RuleCase(
            name: "defaultMinimumPeriod above defaultMaximumPeriod", psk: false,
            changes: ["defaultMinimumPeriod": "60", "defaultMaximumPeriod": "30"], column: "defaultMinimumPeriod",
            message: "defaultMinimumPeriod (60) must not be greater than defaultMaximumPeriod (30)"),
        RuleCase(
            name: "bindingMode S", psk: false, changes: ["bindingMode": "S"], column: "bindingMode",
            message: "bindingMode must be U or UQ, got 'S'"),
        RuleCase(
            name: "generateBootstrapServerConfig not boolean", psk: false,
            changes: ["generateBootstrapServerConfig": "yes"], column: "generateBootstrapServerConfig",
            message: "generateBootstrapServerConfig must be true or false, got 'yes'"),
        RuleCase(
            name: "notificationIfDisabled not boolean", psk: false, changes: ["notificationIfDisabled": "maybe"],
            column: "notificationIfDisabled", message: "notificationIfDisabled must be true or false, got 'maybe'"),
        RuleCase(
            name: "lwm2mRequestTimeout below the minimum", psk: false, changes: ["lwm2mRequestTimeout": "5000"],
            column: "lwm2mRequestTimeout",
            message: "lwm2mRequestTimeout must be a whole number from 10000 to 600000, got '5000'"),
        RuleCase(
            name: "lwm2mRequestTimeout above the maximum", psk: false, changes: ["lwm2mRequestTimeout": "600001"],
            column: "lwm2mRequestTimeout",
            message: "lwm2mRequestTimeout must be a whole number from 10000 to 600000, got '600001'"),
        RuleCase(
            name: "serializationFormat unknown", psk: false, changes: ["serializationFormat": "XML"],
            column: "serializationFormat",
            message: "serializationFormat must be one of TLV, JSON, SENML_JSON, SENML_CBOR, CBOR, TEXT, OPAQUE, got 'XML'"),
        RuleCase(
            name: "fwUpdateDeliveryMethod unknown", psk: false, changes: ["fwUpdateDeliveryMethod": "EMAIL"],
            column: "fwUpdateDeliveryMethod", message: "fwUpdateDeliveryMethod must be one of PUSH, PULL, BOTH, got 'EMAIL'"),
        RuleCase(
            name: "fwUpdateSupportedDeviceProtocol unknown", psk: false,
            changes: ["fwUpdateSupportedDeviceProtocol": "FTP"], column: "fwUpdateSupportedDeviceProtocol",
            message: "fwUpdateSupportedDeviceProtocol must be one of COAP, COAPS, HTTP, HTTPS, got 'FTP'"),
        RuleCase(
            name: "fwUpdateResetMechanism unknown", psk: false, changes: ["fwUpdateResetMechanism": "REBOOT"],
            column: "fwUpdateResetMechanism",
            message: "fwUpdateResetMechanism must be one of PACKAGE, PACKAGE_URI, got 'REBOOT'"),
        RuleCase(
            name: "fwUpdateURL with an unsupported scheme", psk: false, changes: ["fwUpdateURL": "ftp://fw.example"],
            column: "fwUpdateURL",
            message: "fwUpdateURL must be a coap:// or coaps:// or http:// or https:// URI with a host, got 'ftp://fw.example'"),
    ]

    static let weakPassword =
        "CREDENTIALS must be at least 12 characters with an upper-case letter, a lower-case letter, a digit and a special character"

    @Test(arguments: cases)
    func ruleRefusesTheRow(_ rule: RuleCase) throws {
        let fixture = try StoreFixture()
        var bad = rule.psk ? CSVBuilder.psk("dev-1") : CSVBuilder.noSec("dev-1")
        for (column, value) in rule.changes { bad[column] = value }
        let good = rule.psk ? CSVBuilder.psk("dev-2") : CSVBuilder.noSec("dev-2")
        let rows = try fixture.importRows(CSVBuilder.csv([good, bad]))

        #expect(rows.count == 2)
        #expect(rows[0].status == .created)
        let failed = try #require(rows.last)
        #expect(failed.status == .failed)
        #expect(failed.line == 3)
        #expect(failed.issues.contains(FieldIssue(field: rule.column, message: rule.message)), "\(failed.issues)")
        // The good row of the same file is still imported; the bad one is not.
        #expect(try fixture.store.device(tenant: "t-default", id: "dev-2") != nil)
        if !(rule.changes["ID"]?.isEmpty ?? false) {
            #expect(try fixture.store.device(tenant: "t-default", id: "dev-1") == nil)
        }
    }

    @Test("the reusable field validator gives the importer's message")
    func fieldRulesMatchTheImporter() {
        #expect(
            FieldRules.problem(field: "LWM2MSHORTSERVERID", value: "0")
                == "lwm2mShortServerId must be a whole number from 1 to 65534, got '0'")
        #expect(FieldRules.problem(field: " bindingMode ", value: "U") == nil)
        #expect(FieldRules.problem(field: "registrationLifetime", value: "") == nil, "empty cells are ignored")
        #expect(FieldRules.problem(field: "my-custom-column", value: "anything") == nil)
        for good in ["coap://[::1]:5683", "COAPS://lwm2m.example.com", "coap://10.0.0.1:5783/path?x=1", "coap://user@host"] {
            #expect(FieldRules.problem(field: "lwm2m server uri", value: good) == nil, "\(good)")
        }
        for bad in ["coap://", "coap://host:port", "coap:// host", "coap:/host", "lwm2m.example.com:5683", "coap://[::1"] {
            #expect(
                FieldRules.problem(field: "lwm2m server uri", value: bad)
                    == "lwm2m server uri must be a coap:// or coaps:// URI with a host, got '\(bad)'")
        }
        #expect(
            FieldRules.problem(
                field: "lwm2mRequestTimeout", value: "15000", limits: RequestTimeoutLimits(minimumMs: 20_000, maximumMs: 30_000))
                == "lwm2mRequestTimeout must be a whole number from 20000 to 30000, got '15000'")
    }

    @Test("an invalid binaryDeliveryEncoding is a warning and becomes OPAQUE")
    func binaryDeliveryEncodingFallsBack() throws {
        let fixture = try StoreFixture()
        var bad = CSVBuilder.noSec("enc-bad")
        bad["binaryDeliveryEncoding"] = "XML"
        var empty = CSVBuilder.noSec("enc-empty")
        empty["binaryDeliveryEncoding"] = ""
        var good = CSVBuilder.noSec("enc-tlv")
        good["binaryDeliveryEncoding"] = "TLV"
        let report = try fixture.importText(CSVBuilder.csv([bad, empty, good]))

        #expect(report.created == 3)
        #expect(report.failed == 0)
        #expect(report.warnings == 2)
        #expect(
            report.attentionRows.first?.warnings.first?.message
                == "binaryDeliveryEncoding must be one of OPAQUE, TLV, JSON, TEXT, got 'XML'; using OPAQUE")
        #expect(try fixture.store.bootstrapParameters(tenant: "t-default", id: "enc-bad")?.binaryDeliveryEncoding == "OPAQUE")
        #expect(try fixture.store.bootstrapParameters(tenant: "t-default", id: "enc-empty")?.binaryDeliveryEncoding == "OPAQUE")
        #expect(try fixture.store.bootstrapParameters(tenant: "t-default", id: "enc-tlv")?.binaryDeliveryEncoding == "TLV")
    }

    @Test("a row with a different number of cells than the header fails, the others import")
    func raggedRow() throws {
        let fixture = try StoreFixture()
        var text = CSVBuilder.csv([CSVBuilder.noSec("a-1")])
        text += "short;row;only\n"
        text += CSVBuilder.csv([CSVBuilder.noSec("a-2")]).split(separator: "\n")[1] + "\n"
        let rows = try fixture.importRows(text)

        #expect(rows.map(\.status) == [.created, .failed, .created])
        #expect(rows[1].line == 3)
        #expect(rows[1].issues == [FieldIssue(field: nil, message: "the row has 3 cells but the header has 10")])
    }

    @Test("an ID twice in one file: the second row fails naming the first line")
    func duplicateIDInFile() throws {
        let fixture = try StoreFixture()
        let rows = try fixture.importRows(CSVBuilder.csv([CSVBuilder.noSec("twin"), CSVBuilder.noSec("other"), CSVBuilder.noSec("twin")]))

        #expect(rows.map(\.status) == [.created, .created, .failed])
        #expect(rows[2].issues == [FieldIssue(field: "ID", message: "ID 'twin' already appears on line 2 of this file")])
    }

    @Test("a PSK identity used by a device of another tenant is refused")
    func pskIdentityUniqueAcrossTenants() throws {
        let fixture = try StoreFixture()
        try fixture.importText(CSVBuilder.csv([CSVBuilder.psk("meter-1")]), ImportOptions(tenant: "t-one"))
        var clash = CSVBuilder.psk("meter-2")
        clash["lwm2m psk_id"] = "meter-1-lw"
        let rows = try fixture.importRows(CSVBuilder.csv([clash]), ImportOptions(tenant: "t-two"))

        #expect(rows.first?.status == .failed)
        #expect(
            rows.first?.issues
                == [FieldIssue(field: "lwm2m psk_id", message: "lwm2m psk_id 'meter-1-lw' is already used by device 'meter-1' in tenant 't-one'")])
    }
}
