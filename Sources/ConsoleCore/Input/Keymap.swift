import Foundation

/// The keymap as data: one table, consulted by the reducer and printed by the help overlay.
public struct Keymap: Sendable, Equatable {
    /// All bindings, most specific contexts first wins at lookup.
    public var bindings: [KeyBinding]

    /// Creates a keymap from bindings.
    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The command bound to `key` in `contexts` (checked in order), then globally.
    public func command(for key: Key, in contexts: [KeyContext]) -> KeyCommand? {
        for context in contexts + [.global] {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.command
            }
        }
        return nil
    }

    /// Help lines grouped by context, generated from the table.
    public func helpLines() -> [String] {
        var lines: [String] = []
        for context in KeyContext.allCases {
            let rows = bindings.filter { $0.context == context }
            if rows.isEmpty { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(context.rawValue)
            for row in rows {
                // ", " rather than "/": a key may itself be "/" (filter = ["/", "f"] read as "//f").
                let keys = row.keys.map(\.label).joined(separator: ", ")
                lines.append("  " + keys.padding(toLength: 16, withPad: " ", startingAt: 0) + row.help)
            }
        }
        return lines
    }

    /// The standard keymap of UX.md.
    public static let standard = Keymap(bindings: [
        KeyBinding([.char("j"), .down], .moveDown, .global, "move down"),
        KeyBinding([.char("k"), .up], .moveUp, .global, "move up"),
        KeyBinding([.char("g"), .home], .top, .global, "top"),
        KeyBinding([.char("G"), .end], .bottom, .global, "bottom"),
        KeyBinding([.pageUp], .pageUp, .global, "page up"),
        KeyBinding([.pageDown], .pageDown, .global, "page down"),
        KeyBinding([.enter], .open, .global, "open / drill in"),
        KeyBinding([.escape], .back, .global, "back / cancel"),
        KeyBinding([.tab], .nextPane, .global, "next pane"),
        KeyBinding([.backTab], .previousPane, .global, "previous pane"),
        KeyBinding([.char("/")], .filter, .global, "filter devices (live, Esc clears)"),
        KeyBinding([.char(":")], .command, .global, "command or shell line (Tab completes)"),
        KeyBinding([.char("i")], .importFile, .global, "import a CSV file"),
        KeyBinding([.char("r")], .refresh, .global, "refresh"),
        KeyBinding([.char("?")], .help, .global, "help"),
        KeyBinding([.char("q"), .ctrl("c")], .quit, .global, "quit"),
        KeyBinding([.char("n")], .nextMatch, .devices, "next match"),
        KeyBinding([.char("N")], .previousMatch, .devices, "previous match"),
        KeyBinding([.char("s")], .sort, .devices, "sort by next column"),
        KeyBinding([.char("D")], .deleteDevice, .devices, "delete device"),
        KeyBinding([.char("l"), .right, .char("]")], .nextTab, .details, "next tab"),
        KeyBinding([.char("h"), .left, .char("[")], .previousTab, .details, "previous tab"),
        KeyBinding([.char("R")], .read, .objects, "read the selected node"),
        KeyBinding([.char("w")], .write, .objects, "write (prefills the shell)"),
        KeyBinding([.char("x")], .execute, .objects, "execute the selected resource"),
        KeyBinding([.char("o")], .observe, .objects, "observe the selected node"),
        KeyBinding([.char("e"), .enter], .edit, .bootstrap, "edit the form (Tab/Shift-Tab fields)"),
        KeyBinding([.ctrl("s")], .save, .bootstrap, "save"),
        KeyBinding([.ctrl("r")], .reveal, .bootstrap, "reveal / mask keys"),
        KeyBinding([.char("a")], .acknowledge, .alarms, "acknowledge alarm"),
        KeyBinding([.char("c")], .clearAlarm, .alarms, "clear alarm"),
        KeyBinding([.char("C")], .clearAllAlarms, .alarms, "clear all alarms"),
    ])
}
