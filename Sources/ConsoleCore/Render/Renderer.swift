/// Draws the whole state into a grid for `size`; the same state always gives the same grid.
public func render(_ state: AppState, size: TerminalSize) -> Grid {
    var grid = Grid(width: size.columns, height: size.rows)
    guard size.fitsLayout else {
        Renderer.tooSmall(&grid, size: size)
        return grid
    }
    let layout = Layout(size: size)
    Renderer.header(state, &grid, layout.header)
    Renderer.devices(state, &grid, layout.devices)
    Renderer.details(state, &grid, layout.details)
    Renderer.shell(state, &grid, layout.shell)
    Renderer.alarms(state, &grid, layout.alarms)
    Renderer.footer(state, &grid, layout.footer)
    switch state.mode {
    case .help: Renderer.help(state, &grid, size)
    case .confirm(let dialog): Renderer.confirm(dialog, &grid, size)
    case .importFlow: Renderer.importOverlay(state, &grid, size)
    default: break
    }
    return grid
}

/// The pane drawing functions behind `render`.
enum Renderer {
    static func tooSmall(_ grid: inout Grid, size: TerminalSize) {
        let message = "terminal too small (needs \(TerminalSize.minimum.columns)×\(TerminalSize.minimum.rows))"
        let current = "now \(size.columns)×\(size.rows)"
        let middle = max(0, size.rows / 2 - 1)
        grid.put(message, x: max(0, (size.columns - DisplayWidth.of(message)) / 2), y: middle, role: .statusWarn)
        grid.put(current, x: max(0, (size.columns - DisplayWidth.of(current)) / 2), y: middle + 1, role: .textDim)
    }

    static func header(_ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        grid.fill(rect, role: .title)
        let counts = state.alarms.counts
        var alarmParts: [(String, StyleRole)] = []
        for severity in AlarmSeverity.allCases {
            if let count = counts[severity], count > 0 { alarmParts.append(("▲\(count) \(severity.rawValue)", severity.role)) }
        }
        let alarmWidth = alarmParts.reduce(0) { $0 + DisplayWidth.of($1.0) + 1 }
        let engineRole: StyleRole = switch state.engine.state {
        case .up, .attached: .statusOK
        case .starting: .statusWarn
        case .down: .statusError
        }
        // Parts in order of importance; the least important are dropped first when narrow.
        let ports = state.engine.ports.isEmpty ? "" : " \(state.engine.ports)"
        let counts2 = "  \(Formatting.count(state.engine.deviceCount)) devices  \(Formatting.count(state.engine.onlineCount)) online"
        var left: [(String, StyleRole)] = [(" lwm2m-console  ", .title), ("t-\(state.tenant)  ", .text), ("●engine \(state.engine.state.rawValue)", engineRole)]
        let optional: [(String, StyleRole)] = [(ports, .textDim), (counts2, .text)]
        let budget = rect.width - alarmWidth - 1
        let used = left.reduce(0) { $0 + DisplayWidth.of($1.0) }
        if used + DisplayWidth.of(ports) + DisplayWidth.of(counts2) <= budget {
            left += optional
        } else if used + DisplayWidth.of(counts2) <= budget {
            left.append(optional[1])
        }
        if state.readOnly { left.append(("  [read-only]", .statusWarn)) }
        var x = 0
        for part in left { x += grid.put(part.0, x: x, y: rect.y, role: part.1, maxWidth: max(0, rect.width - x)) }
        var alarmX = max(x + 1, rect.width - alarmWidth)
        for part in alarmParts {
            alarmX += grid.put(part.0 + " ", x: alarmX, y: rect.y, role: part.1, maxWidth: max(0, rect.width - alarmX))
        }
    }

    static func footer(_ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        grid.fill(rect, role: .text)
        switch state.mode {
        case .filtering:
            input(prefix: "/", editor: state.devices.filter, grid: &grid, rect: rect, extra: "  Enter keep · Esc clear")
            return
        case .command:
            input(prefix: ":", editor: state.commandLine, grid: &grid, rect: rect, extra: completionText(state.completions))
            return
        default:
            break
        }
        var hints: [(KeyCommand, String)] = [
            (.moveDown, "move"), (.open, "open"), (.filter, "filter"), (.command, "command"),
            (.nextPane, "pane"), (.importFile, "import"), (.help, "help"), (.quit, "quit"),
        ]
        var text = footerHintText(hints, state.keymap)
        // Remapped keys can have longer labels (Ctrl-Q): drop the least needed hints rather than
        // cutting off help and quit.
        for dropped in [KeyCommand.importFile, .nextPane, .command] where DisplayWidth.of(text) > rect.width + 2 {
            hints.removeAll { $0.0 == dropped }
            text = footerHintText(hints, state.keymap)
        }
        grid.put(text, x: 0, y: rect.y, role: .textDim)
        if let flash = state.flash {
            let message = " \(flash.text) "
            let width = min(DisplayWidth.of(message), rect.width)
            grid.line(message, x: rect.width - width, y: rect.y, width: width, role: flash.isError ? .statusError : .flash)
        } else if !state.completions.isEmpty, state.focus == .shell {
            let text = completionText(state.completions)
            grid.line(text, x: max(0, rect.width - DisplayWidth.of(text) - 1), y: rect.y, width: DisplayWidth.of(text), role: .textDim)
        }
    }

    static func completionText(_ candidates: [String]) -> String {
        candidates.isEmpty ? "" : "  " + candidates.prefix(8).joined(separator: "  ") + (candidates.count > 8 ? "  …" : "")
    }

    /// Draws an input line with a visible cursor cell.
    static func input(prefix: String, editor: LineEditor, grid: inout Grid, rect: Rect, extra: String = "", role: StyleRole = .input) {
        var x = rect.x + grid.put(prefix, x: rect.x, y: rect.y, role: .title, maxWidth: rect.width)
        let characters = Array(editor.text)
        for (index, character) in characters.enumerated() {
            x += grid.put(String(character), x: x, y: rect.y, role: index == editor.cursor ? .selection : role, maxWidth: rect.x + rect.width - x)
        }
        if editor.cursor >= characters.count { x += grid.put(" ", x: x, y: rect.y, role: .selection, maxWidth: rect.x + rect.width - x) }
        if !extra.isEmpty { grid.put(extra, x: x, y: rect.y, role: .textDim, maxWidth: rect.x + rect.width - x) }
    }

    /// First index to show so that `selected` stays visible in `height` rows.
    static func scrollStart(selected: Int, count: Int, height: Int) -> Int {
        guard count > height else { return 0 }
        return max(0, min(selected - height + 1, count - height))
    }
}

extension Renderer {
    /// The footer's `key label` hints from the keymap (the first key of each command).
    static func footerHintText(_ hints: [(KeyCommand, String)], _ keymap: Keymap) -> String {
        var text = " "
        for (command, label) in hints {
            guard let binding = keymap.bindings.first(where: { $0.command == command }), let key = binding.keys.first else { continue }
            let keyLabel = command == .moveDown ? "j/k" : key.label
            text += "\(keyLabel) \(label)  "
        }
        return text
    }
}
