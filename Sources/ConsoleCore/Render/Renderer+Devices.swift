extension Renderer {
    static func devices(_ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        let table = state.devices
        let focused = state.focus == .devices
        var title = "Devices"
        if !table.filter.text.isEmpty || state.mode == .filtering { title += " /\(table.filter.text)" }
        title += " " + matchingText(table)
        if table.sort != .endpoint { title += " ↑\(table.sort.rawValue)" }
        grid.box(rect, title: title, focused: focused)
        let inner = rect.inner
        guard inner.height > 1 else { return }
        position(table, &grid, rect)
        let showLastSeen = inner.width >= 46
        let securityWidth = 7
        let stateWidth = 11
        let lastSeenWidth = showLastSeen ? 11 : 0
        let idWidth = max(4, inner.width - 2 - securityWidth - stateWidth - lastSeenWidth)
        var heading = "  " + Columns.fit("ID/endpoint", idWidth) + Columns.fit("SEC", securityWidth) + Columns.fit("STATE", stateWidth)
        if showLastSeen { heading += Columns.fit("LAST SEEN", lastSeenWidth) }
        grid.line(heading, x: inner.x, y: inner.y, width: inner.width, role: .textDim)
        if table.loading, table.rows.isEmpty {
            grid.put("Loading…", x: inner.x + 2, y: inner.y + 1, role: .textDim)
            return
        }
        if table.matching == 0 {
            let text = table.filter.text.isEmpty ? "No devices. Press i to import a CSV." : "No device matches “\(table.filter.text)”."
            grid.put(text, x: inner.x + 1, y: inner.y + 1, role: .textDim, maxWidth: inner.width - 1)
            return
        }
        for line in 0..<(inner.height - 1) {
            let index = table.scroll + line
            guard index < table.matching else { break }
            let y = inner.y + 1 + line
            let local = index - table.offset
            guard table.rows.indices.contains(local) else {
                grid.put("  …", x: inner.x, y: y, role: .textDim)
                continue
            }
            let row = table.rows[local]
            let selected = index == table.selected
            let rowRole: StyleRole = selected ? (focused ? .selection : .selectionInactive) : .text
            let (dot, dotRole): (String, StyleRole) = switch row.state {
            case .registered: ("●", .statusOK)
            case .bootstrapping: ("◐", .statusWarn)
            case .sleeping: ("◑", .statusWarn)
            case .offline: ("○", .statusError)
            case .never: ("○", .textDim)
            }
            grid.line("", x: inner.x, y: y, width: inner.width, role: rowRole)
            grid.put(dot, x: inner.x, y: y, role: selected ? rowRole : dotRole)
            var text = " " + Columns.fit(row.endpoint, idWidth) + Columns.fit(row.security, securityWidth) + Columns.fit(row.state == .bootstrapping ? "bootstrap" : row.state.rawValue, stateWidth)
            if showLastSeen { text += Columns.fit(Formatting.ago(row.lastSeen, now: state.now), lastSeenWidth) }
            grid.put(text, x: inner.x + 1, y: y, role: rowRole, maxWidth: inner.width - 1)
        }
    }

    /// "54,321", or "1,000+" while only a lower bound is known.
    static func matchingText(_ table: DevicesState) -> String {
        Formatting.count(table.matching) + (table.matchingIsExact ? "" : "+")
    }

    /// "row 12,345 of 54,321" on the bottom border, right-aligned, once the list is longer than
    /// the pane (a short list needs no position).
    static func position(_ table: DevicesState, _ grid: inout Grid, _ rect: Rect) {
        let visible = rect.inner.height - 1
        guard !table.loading, table.matching > 0, table.matching > visible || !table.matchingIsExact else { return }
        let text = " row \(Formatting.count(table.selected + 1)) of \(matchingText(table)) "
        let width = DisplayWidth.of(text)
        guard width <= rect.width - 4 else { return }
        grid.put(text, x: rect.x + rect.width - 2 - width, y: rect.y + rect.height - 1, role: .textDim)
    }

    static func alarms(_ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        let focused = state.focus == .alarms
        grid.box(rect, title: "Alarms \(state.alarms.rows.count)", focused: focused)
        let inner = rect.inner
        let rows = state.alarms.rows
        guard !rows.isEmpty else {
            grid.put("No active alarms", x: inner.x + 1, y: inner.y, role: .textDim, maxWidth: inner.width - 1)
            return
        }
        let start = scrollStart(selected: state.alarms.selected, count: rows.count, height: inner.height)
        for line in 0..<inner.height {
            let index = start + line
            guard index < rows.count else { break }
            let alarm = rows[index]
            let y = inner.y + line
            let selected = index == state.alarms.selected
            let role: StyleRole = selected ? (focused ? .selection : .selectionInactive) : (alarm.acknowledged ? .textDim : .text)
            grid.line("", x: inner.x, y: y, width: inner.width, role: role)
            let severity = Columns.fit(alarm.severity.rawValue, 9)
            let x = inner.x + grid.put(severity, x: inner.x, y: y, role: selected ? role : alarm.severity.role)
            let mark = alarm.acknowledged ? "✓ " : ""
            let deviceWidth = min(14, max(6, inner.width / 3))
            grid.put(mark + Columns.fit(alarm.device, deviceWidth) + " " + alarm.text, x: x, y: y, role: role, maxWidth: inner.x + inner.width - x)
        }
    }
}
