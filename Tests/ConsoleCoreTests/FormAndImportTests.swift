import ConsoleCore
import Foundation
import Testing

@Suite("Bootstrap form and import flow")
struct FormAndImportTests {
    /// Opens the Bootstrap tab of the first device and starts editing the lifetime field.
    private func editingLifetime() -> Harness {
        var harness = Harness()
        harness.press(.enter, .char("l"), .char("l"))
        #expect(harness.state.details.tab == .bootstrap)
        harness.press(.char("e"))
        #expect(harness.state.mode == .editingForm)
        harness.press(.tab, .tab, .tab, .tab)
        #expect(harness.state.details.form?.fields[harness.state.details.form?.focused ?? 0].name == "lifetime")
        return harness
    }

    @Test func keysAreMaskedUntilRevealed() {
        var harness = Harness()
        harness.press(.enter, .char("l"), .char("l"))
        #expect(harness.screen().contains("••••a1b2"))
        #expect(!harness.screen().contains("0a0b0c0da1b2"))
        harness.press(.ctrl("r"))
        #expect(harness.screen(TerminalSize(columns: 120, rows: 40)).contains("000102030405060708090a0b0c0da1b2"))
    }

    @Test func invalidValueShowsTheErrorAndIsNotSaved() {
        var harness = editingLifetime()
        harness.press(.ctrl("u"))
        harness.type("soon")
        let screen = harness.screen(TerminalSize(columns: 120, rows: 40))
        #expect(screen.contains("✗ must be a whole number of seconds ≥ 1"))
        #expect(screen.contains("● modified"), "dirty marker")
        harness.press(.ctrl("s"))
        #expect(harness.takeEffects().isEmpty)
        #expect(harness.state.flash?.text == "Not saved: 1 field is invalid")
    }

    @Test func validValueIsSavedWithCtrlS() {
        var harness = editingLifetime()
        harness.press(.ctrl("u"))
        harness.type("3600")
        harness.press(.ctrl("s"))
        let effects = harness.takeEffects()
        guard case .saveBootstrap(let id, let fields) = effects.first else {
            Issue.record("expected a save, got \(effects)")
            return
        }
        #expect(id == "d3")
        #expect(fields.first { $0.name == "lifetime" }?.value == "3600")
        harness.send(.bootstrapSaved(deviceID: id, fields: fields, error: nil))
        #expect(harness.state.details.form?.isDirty == false)
        #expect(harness.state.mode == .normal)
    }

    @Test func escapeOnADirtyFormAsksToDiscard() {
        var harness = editingLifetime()
        harness.type("0")
        harness.press(.escape)
        guard case .confirm(let dialog) = harness.state.mode else {
            Issue.record("expected the discard question")
            return
        }
        #expect(dialog.question == "Discard changes? (y/N)")
        harness.press(.char("n"))
        #expect(harness.state.mode == .editingForm, "No keeps editing")
        harness.press(.escape, .char("y"))
        #expect(harness.state.details.form?.isDirty == false)
        #expect(harness.state.mode == .normal)
    }

    @Test func readOnlyRefusesEditing() {
        var harness = Harness(readOnly: true)
        harness.press(.enter, .char("l"), .char("l"), .char("e"))
        #expect(harness.state.mode == .normal)
        #expect(harness.state.flash?.isError == true)
    }

    @Test func importFlowRunsDryRunThenImportWithProgressAndResult() {
        var harness = Harness()
        harness.press(.char("i"))
        harness.type("/tmp/fleet.csv")
        harness.press(.enter)
        #expect(harness.takeEffects() == [.startImport(path: "/tmp/fleet.csv", dryRun: true)])
        harness.send(.importChecked(path: "/tmp/fleet.csv", ImportSummary(rows: 10, valid: 8, errors: [
            ImportRowError(line: 3, reason: "security must be NO_SEC, PSK, RPK or X509"),
            ImportRowError(line: 7, reason: "duplicate endpoint meter-1"),
        ])))
        var screen = harness.screen()
        #expect(screen.contains("rows 10   valid 8   refused 2"))
        #expect(screen.contains("line 7: duplicate endpoint meter-1"))
        harness.press(.enter)
        #expect(harness.takeEffects() == [.startImport(path: "/tmp/fleet.csv", dryRun: false)])
        harness.send(.importProgress(ImportProgress(done: 4, total: 10, errors: 1, startedAt: harness.now)))
        harness.advance(2)
        screen = harness.screen()
        #expect(screen.contains("4/10 rows   errors 1   ETA 3 s"))
        harness.send(.importFinished(ImportOutcome(imported: 8, failed: [ImportRowError(line: 3, reason: "bad security")], failedRowsPath: "/tmp/fleet.csv.failed.csv")))
        screen = harness.screen()
        #expect(screen.contains("Imported 8   failed 1"))
        #expect(screen.contains("Failed rows written to"))
        #expect(screen.contains("  /tmp/fleet.csv.failed.csv"))
        harness.press(.enter)
        #expect(harness.state.importFlow == nil)
    }

    @Test func importIsRefusedInReadOnlyMode() {
        var harness = Harness(readOnly: true)
        harness.press(.char(":"))
        harness.type("import /tmp/x.csv")
        harness.press(.enter)
        #expect(harness.takeEffects() == [.startImport(path: "/tmp/x.csv", dryRun: true)], "a dry run changes nothing")
        harness.send(.importChecked(path: "/tmp/x.csv", ImportSummary(rows: 1, valid: 1, errors: [])))
        harness.press(.enter)
        #expect(harness.takeEffects().isEmpty)
        #expect(harness.state.flash?.text == "Read-only mode: changes are disabled")
    }

    @Test func basicValidatorRules() {
        let validator = BasicBootstrapValidator()
        let fields = TestFleet.bootstrap(for: TestFleet.rows[0])
        func check(_ name: String, _ value: String) -> String? {
            var field = fields.first { $0.name == name } ?? BootstrapField(name: name, label: name, value: "")
            field.value = value
            return validator.validate(field, in: fields.map { $0.name == name ? field : $0 })
        }
        #expect(check("server_uri", "coaps://host:5684") == nil)
        #expect(check("server_uri", "coap://host:5683") == "PSK needs coaps://")
        #expect(check("server_uri", "http://host") == "must start with coap:// or coaps://")
        #expect(check("psk_key", "abc") == "must be hex (even number of digits)")
        #expect(check("psk_key", "a1b2") == nil)
        #expect(check("lifetime", "0") != nil)
        #expect(check("security_mode", "psk") == nil)
        #expect(check("security_mode", "TLS") != nil)
    }
}
