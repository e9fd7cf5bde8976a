import ConsoleCore
import Foundation
import Testing

@Suite("Keymap remapping from the configuration file")
struct KeymapRemapTests {
    private func remapped(_ remaps: KeyRemap...) throws -> Keymap {
        try Keymap.standard.remapped(remaps)
    }

    private func refusal(_ remaps: KeyRemap...) -> KeymapRemapError? {
        do {
            _ = try Keymap.standard.remapped(remaps)
            return nil
        } catch {
            return error
        }
    }

    // MARK: The reducer honours remapped keys

    @Test func remappedQuitKeyQuitsAndTheOldKeyNoLongerDoes() throws {
        var harness = Harness()
        harness.state.keymap = try remapped(KeyRemap(command: "quit", keys: ["ctrl-q"], line: 2))
        harness.press(.char("q"))
        #expect(harness.takeEffects().isEmpty, "q is no longer bound")
        #expect(harness.state.mode == .normal)
        harness.press(.ctrl("q"))
        #expect(harness.takeEffects() == [.quit])
    }

    @Test func ctrlCStillQuitsWhenQuitIsRemapped() throws {
        var harness = Harness()
        harness.state.keymap = try remapped(KeyRemap(command: "quit", keys: ["ctrl-q"], line: 2))
        harness.press(.ctrl("c"))
        #expect(harness.takeEffects() == [.quit])
    }

    @Test func addedFilterKeyOpensTheFilterAndTheOriginalStillWorks() throws {
        var harness = Harness()
        harness.state.keymap = try remapped(KeyRemap(command: "filter", keys: ["/", "f"], line: 3))
        harness.press(.char("f"))
        #expect(harness.state.mode == .filtering)
        harness.type("met")
        #expect(harness.state.devices.matching == 2)
        harness.press(.escape, .char("/"))
        #expect(harness.state.mode == .filtering)
    }

    @Test func movedFilterKeyLeavesTheOldKeyUnbound() throws {
        var harness = Harness()
        harness.state.keymap = try remapped(KeyRemap(command: "filter", keys: ["f"], line: 3))
        harness.press(.char("/"))
        #expect(harness.state.mode == .normal)
        harness.press(.char("f"))
        #expect(harness.state.mode == .filtering)
    }

    @Test func helpOverlayAndFooterShowTheRemappedKeys() throws {
        var harness = Harness(size: TerminalSize(columns: 120, rows: 40))
        harness.state.keymap = try remapped(
            KeyRemap(command: "quit", keys: ["ctrl-q"], line: 1), KeyRemap(command: "help", keys: ["F"], line: 2))
        let footer = harness.screen().split(separator: "\n").last.map(String.init) ?? ""
        #expect(footer.contains("Ctrl-Q quit"))
        #expect(footer.contains("F help"))
        #expect(!footer.contains("q quit"))
        harness.press(.char("F"))
        #expect(harness.state.mode == .help)
        let help = harness.screen()
        #expect(help.contains("Ctrl-Q, Ctrl-C"))
        #expect(!help.contains("q, Ctrl-C"))
        harness.press(.char("F"))
        #expect(harness.state.mode == .normal, "the remapped help key closes the overlay too")
    }

    @Test func footerAt80ColumnsDropsMinorHintsToKeepHelpAndQuit() throws {
        var harness = Harness()
        harness.state.keymap = try remapped(KeyRemap(command: "quit", keys: ["ctrl-q"], line: 1))
        let footer = harness.screen().split(separator: "\n").last.map(String.init) ?? ""
        #expect(footer.contains("? help  Ctrl-Q quit"), "footer: \(footer)")
        #expect(!footer.contains("i import"))
        let standard = Harness().screen().split(separator: "\n").last.map(String.init) ?? ""
        #expect(standard.contains("i import"), "the standard footer keeps every hint")
    }

    @Test func contextSectionReplacesAPaneBindingAndAddsToAGlobalOne() throws {
        let keymap = try remapped(
            KeyRemap(command: "sort", context: "devices", keys: ["S"], line: 5),
            KeyRemap(command: "quit", context: "alarms", keys: ["x"], line: 7))
        #expect(keymap.command(for: .char("S"), in: [.devices]) == .sort)
        #expect(keymap.command(for: .char("s"), in: [.devices]) == nil)
        #expect(keymap.command(for: .char("x"), in: [.alarms]) == .quit)
        #expect(keymap.command(for: .char("x"), in: [.devices]) == nil, "the extra quit key is for the Alarms pane only")
        #expect(keymap.command(for: .char("q"), in: [.alarms]) == .quit, "the global quit key stays")
    }

    @Test func keyNamesTheHelpShowsAreAccepted() throws {
        let names = ["Ctrl-Q", "ctrl-q", "Esc", "escape", "PgUp", "pagedown", "↑", "up", "Shift-Tab", "Space", "Del", "Home", "G"]
        let keys: [Key] = [.ctrl("q"), .ctrl("q"), .escape, .escape, .pageUp, .pageDown, .up, .up, .backTab, .char(" "), .delete, .home, .char("G")]
        for (name, key) in zip(names, keys) {
            #expect((try? KeyName.parse(name).get()) == key, "\(name)")
        }
        for key in keys {
            #expect((try? KeyName.parse(key.label).get()) == key, "the help label \(key.label) reads back")
        }
    }

    // MARK: Refusals, with the line and the reason

    @Test func unknownCommandIsRefused() {
        let error = refusal(KeyRemap(command: "explode", keys: ["x"], line: 4))
        #expect(error?.line == 4)
        #expect(error?.reason.hasPrefix("unknown command \"explode\" (commands: move_down, move_up, top,") == true)
    }

    @Test func unknownKeyNameIsRefused() {
        let error = refusal(KeyRemap(command: "quit", keys: ["ctlr-q"], line: 6))
        #expect(error?.line == 6)
        #expect(error?.reason.hasPrefix("unknown key name \"ctlr-q\" (a character, Ctrl-<letter>, Space,") == true)
        #expect(error?.reason.hasSuffix(" for quit") == true)
    }

    @Test func controlLettersThatAreOtherKeysAreRefused() {
        let error = refusal(KeyRemap(command: "open", keys: ["ctrl-m"], line: 2))
        #expect(error == KeymapRemapError(line: 2, reason: "ctrl-m is the same as Enter in a terminal; write Enter for open"))
    }

    @Test func keyBoundTwiceInOneContextIsRefused() {
        let error = refusal(KeyRemap(command: "filter", keys: ["q"], line: 3))
        #expect(error == KeymapRemapError(line: 3, reason: "key q is bound twice in Everywhere: filter and quit"))
    }

    @Test func twoRemapsOnOneKeyAreRefusedAtTheLaterLine() {
        let error = refusal(
            KeyRemap(command: "refresh", keys: ["f"], line: 8),
            KeyRemap(command: "filter", keys: ["f"], line: 3))
        #expect(error == KeymapRemapError(line: 8, reason: "key f is bound twice in Everywhere: refresh and filter"))
    }

    @Test func ctrlCCannotBeTakenFromQuit() {
        let error = refusal(KeyRemap(command: "refresh", keys: ["ctrl-c"], line: 5))
        #expect(error == KeymapRemapError(line: 5, reason: "Ctrl-C always quits; it cannot be bound to refresh"))
        let inAPane = refusal(KeyRemap(command: "sort", context: "devices", keys: ["Ctrl-C"], line: 7))
        #expect(inAPane == KeymapRemapError(line: 7, reason: "Ctrl-C always quits; it cannot be bound to sort"))
    }

    @Test func sameKeyInDifferentContextsIsAllowed() throws {
        // `a` acknowledges in Alarms; binding it in Devices is a different context.
        let keymap = try remapped(KeyRemap(command: "sort", keys: ["a"], line: 1))
        #expect(keymap.command(for: .char("a"), in: [.devices]) == .sort)
        #expect(keymap.command(for: .char("a"), in: [.alarms]) == .acknowledge)
    }

    @Test func unbindingTheOnlyWayToQuitHelpOrEscapeIsRefused() {
        #expect(refusal(KeyRemap(command: "quit", keys: [], line: 2)) == KeymapRemapError(line: 2, reason: "quit needs at least one key: it is the only way to quit"))
        #expect(refusal(KeyRemap(command: "help", keys: [], line: 3)) == KeymapRemapError(line: 3, reason: "help needs at least one key: it is the only way to open the help"))
        #expect(refusal(KeyRemap(command: "back", keys: [], line: 4)) == KeymapRemapError(line: 4, reason: "back needs at least one key: it is the only way to go back or cancel"))
    }

    @Test func unbindingAnOrdinaryCommandIsAllowed() throws {
        let keymap = try remapped(KeyRemap(command: "delete_device", keys: [], line: 2))
        #expect(keymap.command(for: .char("D"), in: [.devices]) == nil)
    }

    @Test func commandGivenTwiceIsRefused() {
        let error = refusal(KeyRemap(command: "quit", keys: ["x"], line: 2), KeyRemap(command: "quit", keys: ["y"], line: 5))
        #expect(error == KeymapRemapError(line: 5, reason: "quit is given twice for Everywhere (first on line 2)"))
    }

    @Test func keyListedTwiceIsRefused() {
        let error = refusal(KeyRemap(command: "filter", keys: ["f", "f"], line: 2))
        #expect(error == KeymapRemapError(line: 2, reason: "f is listed twice for filter"))
    }

    @Test func paneCommandInAnotherPaneIsRefused() {
        let error = refusal(KeyRemap(command: "acknowledge", context: "devices", keys: ["a"], line: 9))
        #expect(error == KeymapRemapError(line: 9, reason: "acknowledge only works in Alarms: put it under [keys] or [keys.alarms]"))
    }
}
