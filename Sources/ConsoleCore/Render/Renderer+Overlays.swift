extension Renderer {
    /// A centered box cleared to the background, returns its inner area.
    static func overlayBox(_ grid: inout Grid, _ size: TerminalSize, width: Int, height: Int, title: String) -> Rect {
        let boxWidth = min(width, size.columns - 2)
        let boxHeight = min(height, size.rows - 2)
        let rect = Rect(x: (size.columns - boxWidth) / 2, y: (size.rows - boxHeight) / 2, width: boxWidth, height: boxHeight)
        grid.fill(rect, role: .text)
        grid.box(rect, title: title, focused: true)
        return rect.inner
    }

    static func help(_ state: AppState, _ grid: inout Grid, _ size: TerminalSize) {
        let lines = state.keymap.helpLines()
        let inner = overlayBox(&grid, size, width: 64, height: size.rows - 2, title: "Help — keys (Esc closes, j/k scroll)")
        let start = min(state.helpScroll, max(0, lines.count - inner.height))
        for (index, line) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            let role: StyleRole = line.hasPrefix("  ") ? .text : .title
            grid.put(line, x: inner.x + 1, y: inner.y + index, role: role, maxWidth: inner.width - 1)
        }
    }

    static func confirm(_ dialog: ConfirmDialog, _ grid: inout Grid, _ size: TerminalSize) {
        let width = max(40, DisplayWidth.of(dialog.question) + 6)
        let inner = overlayBox(&grid, size, width: width, height: 6, title: "Confirm")
        grid.put(dialog.question, x: inner.x + 2, y: inner.y, role: .text, maxWidth: inner.width - 2)
        let cancel = dialog.confirmFocused ? "  Cancel  " : "[ Cancel ]"
        let confirm = dialog.confirmFocused ? "[ \(dialog.confirmLabel) ]" : "  \(dialog.confirmLabel)  "
        var x = inner.x + 2
        x += grid.put(cancel, x: x, y: inner.y + 2, role: dialog.confirmFocused ? .text : .selection)
        x += grid.put("   ", x: x, y: inner.y + 2, role: .text)
        grid.put(confirm, x: x, y: inner.y + 2, role: dialog.confirmFocused ? .statusError : .text)
        grid.put("y/n · Tab switches · Enter chooses", x: inner.x + 2, y: inner.y + 3, role: .textDim, maxWidth: inner.width - 2)
    }

    /// Keeps the end of a long path ("…/dir/file.csv"), the part that tells files apart.
    static func leftClipped(_ text: String, _ width: Int) -> String {
        guard DisplayWidth.of(text) > width, width > 1 else { return text }
        return "…" + String(text.suffix(width - 1))
    }

    static func importOverlay(_ state: AppState, _ grid: inout Grid, _ size: TerminalSize) {
        guard let flow = state.importFlow else { return }
        let inner = overlayBox(&grid, size, width: 72, height: 16, title: "Import devices from CSV")
        var lines: [(String, StyleRole)] = []
        switch flow {
        case .prompt(let editor):
            input(prefix: "CSV file: ", editor: editor, grid: &grid, rect: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: 1))
            lines = [("", .text), ("Enter check (dry run) · Tab complete · Esc cancel", .textDim)]
            if !state.completions.isEmpty { lines.append((completionText(state.completions), .textDim)) }
            for (index, line) in lines.enumerated() { grid.put(line.0, x: inner.x + 1, y: inner.y + 1 + index, role: line.1, maxWidth: inner.width - 2) }
            return
        case .checking(let path):
            lines = [("Checking \(path) (dry run)…", .text)]
        case .summary(let path, let summary):
            lines = [
                ("Dry run of \(path)", .title),
                ("rows \(summary.rows)   valid \(summary.valid)   refused \(summary.errors.count)", summary.errors.isEmpty ? .statusOK : .statusWarn),
            ]
            lines += summary.errors.prefix(8).map { ("line \($0.line): \($0.reason)", StyleRole.inputInvalid) }
            if summary.errors.count > 8 { lines.append(("… and \(summary.errors.count - 8) more", .textDim)) }
            lines.append(("", .text))
            lines.append((summary.valid > 0 ? "Enter import \(summary.valid) devices · Esc cancel" : "Nothing to import · Esc close", .textDim))
        case .running(let path, let progress):
            lines = [("Importing \(path)", .title)]
            if let progress {
                let barWidth = max(10, inner.width - 4)
                let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 0
                let filled = Int(Double(barWidth) * fraction)
                lines.append((String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled), .statusOK))
                let elapsed = state.now.timeIntervalSince(progress.startedAt)
                let eta = progress.done > 0 && elapsed > 0
                    ? Formatting.duration(Double(progress.total - progress.done) * elapsed / Double(progress.done)) : "–"
                lines.append(("\(progress.done)/\(progress.total) rows   errors \(progress.errors)   ETA \(eta)", .text))
            } else {
                lines.append(("starting…", .textDim))
            }
            lines.append(("Esc hides this window; the import goes on", .textDim))
        case .finished(let outcome):
            lines = [("Imported \(outcome.imported)   failed \(outcome.failed.count)", outcome.failed.isEmpty ? .statusOK : .statusWarn)]
            lines += outcome.failed.prefix(8).map { ("line \($0.line): \($0.reason)", StyleRole.inputInvalid) }
            if outcome.failed.count > 8 { lines.append(("… and \(outcome.failed.count - 8) more", .textDim)) }
            if let path = outcome.failedRowsPath {
                lines.append(("Failed rows written to", .text))
                lines.append(("  " + Self.leftClipped(path, inner.width - 4), .text))
            }
            lines.append(("Enter close", .textDim))
        case .failed(let message):
            lines = [("Import failed: \(message)", .statusError), ("Enter close", .textDim)]
        }
        for (index, line) in lines.prefix(inner.height).enumerated() {
            grid.put(line.0, x: inner.x + 1, y: inner.y + index, role: line.1, maxWidth: inner.width - 2)
        }
    }
}
