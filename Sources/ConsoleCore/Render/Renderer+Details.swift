extension Renderer {
    static func details(_ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        let focused = state.focus == .details
        let details = state.details
        var title = details.detail?.row.endpoint ?? "Details"
        if let form = details.form, form.isDirty { title += " ● modified" }
        grid.box(rect, title: title, focused: focused)
        let inner = rect.inner
        guard inner.height > 2 else { return }
        tabs(details.tab, &grid, Rect(x: inner.x, y: inner.y, width: inner.width, height: 1))
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        guard let detail = details.detail else {
            let text = details.loadingID != nil ? "Loading…" : "Select a device and press Enter."
            grid.put(text, x: body.x + 1, y: body.y + 1, role: .textDim, maxWidth: body.width - 1)
            return
        }
        switch details.tab {
        case .info: info(detail, state, &grid, body)
        case .externalIDs:
            let lines = detail.externalIDs.isEmpty ? [("No external IDs", "")] : detail.externalIDs.map { ($0.kind, $0.value) }
            for (index, line) in lines.prefix(body.height).enumerated() {
                grid.put(Columns.fit(line.0, 14) + line.1, x: body.x + 1, y: body.y + index, role: line.1.isEmpty ? .textDim : .text, maxWidth: body.width - 1)
            }
        case .bootstrap: bootstrap(state, &grid, body)
        case .objects:
            let lines = detail.objects.map { objectLine($0, now: state.now, width: body.width - 1) }
            list(lines, empty: "No objects registered", selected: details.listSelected, focused: focused, &grid, body)
        case .operations:
            let lines = detail.operations.map { "\(Formatting.clock($0.submittedAt))  \(Columns.fit($0.request, 18)) \(Columns.fit($0.state, 9)) \($0.result)" }
            list(lines, empty: "No operations yet", selected: details.listSelected, focused: focused, &grid, body)
        case .events:
            let lines = detail.events.map { "\(Formatting.clock($0.time))  \(Columns.fit($0.kind, 10)) \($0.text)" }
            list(lines, empty: "No events yet", selected: details.listSelected, focused: focused, &grid, body)
        }
    }

    private static func tabs(_ current: DetailsTab, _ grid: inout Grid, _ rect: Rect) {
        let full = DetailsTab.allCases.map(\.rawValue)
        let short = ["Info", "IDs", "Boot", "Objects", "Ops", "Events"]
        let labels = full.reduce(0) { $0 + $1.count + 2 } <= rect.width ? full : short
        var x = rect.x
        for (tab, label) in zip(DetailsTab.allCases, labels) {
            let active = tab == current
            x += grid.put(active ? "[\(label)]" : " \(label) ", x: x, y: rect.y, role: active ? .title : .textDim, maxWidth: rect.x + rect.width - x)
        }
    }

    private static func info(_ detail: DeviceDetail, _ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        let row = detail.row
        let stateRole: StyleRole = row.state.isOnline ? .statusOK : (row.state == .offline ? .statusError : .statusWarn)
        var lines: [(String, String, StyleRole)] = [
            ("endpoint", row.endpoint, .text),
            ("tenant", row.tenant, .text),
            ("security", row.security, .text),
            ("state", row.state.rawValue, stateRole),
            ("lifetime", detail.lifetime.map { "\($0) s" } ?? "–", .text),
            ("binding", detail.binding ?? "–", .text),
            ("address", detail.address ?? "–", .text),
        ]
        let seen = row.lastSeen.map { "\(Formatting.clock($0)) (\(Formatting.ago($0, now: state.now)))" } ?? "never"
        lines.append(("last seen", seen, .text))
        if let registered = detail.registeredAt { lines.append(("registered", Formatting.clock(registered), .text)) }
        for (index, line) in lines.prefix(rect.height).enumerated() {
            let x = rect.x + 1 + grid.put(Columns.fit(line.0, 11), x: rect.x + 1, y: rect.y + index, role: .textDim)
            grid.put(line.1, x: x, y: rect.y + index, role: line.2, maxWidth: rect.x + rect.width - x)
        }
    }

    private static func bootstrap(_ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        guard let form = state.details.form else { return }
        var y = rect.y
        let labelWidth = min(16, max(10, rect.width / 3))
        for (index, field) in form.fields.enumerated() {
            guard y < rect.y + rect.height else { return }
            let focusedField = index == form.focused && state.focus == .details
            let marker = focusedField ? "›" : " "
            let x = rect.x + grid.put(marker + Columns.fit(field.label, labelWidth), x: rect.x, y: y, role: focusedField ? .title : .textDim)
            let width = rect.x + rect.width - x
            if focusedField, state.mode == .editingForm {
                let shown = field.isSecret && !form.revealed ? LineEditor(Formatting.masked(form.editor.text)) : form.editor
                input(prefix: "", editor: shown, grid: &grid, rect: Rect(x: x, y: y, width: width, height: 1),
                      role: form.errors[field.name] == nil ? .input : .inputInvalid)
            } else {
                let value = field.isSecret && !form.revealed ? Formatting.masked(field.value) : field.value
                grid.put(value, x: x, y: y, role: form.errors[field.name] == nil ? .text : .inputInvalid, maxWidth: width)
            }
            y += 1
            if let error = form.errors[field.name], y < rect.y + rect.height {
                grid.put("  ✗ \(error)", x: rect.x + 1 + labelWidth, y: y, role: .inputInvalid, maxWidth: rect.width - labelWidth - 1)
                y += 1
            }
        }
        guard y + 1 < rect.y + rect.height, !form.planPreview.isEmpty else { return }
        y += 1
        grid.put("Plan preview", x: rect.x + 1, y: y, role: .title)
        y += 1
        for line in form.planPreview {
            guard y < rect.y + rect.height else { return }
            grid.put("  " + line, x: rect.x + 1, y: y, role: .textDim, maxWidth: rect.width - 1)
            y += 1
        }
    }

    /// A scrolled list with a selection bar.
    static func list(_ lines: [String], empty: String, selected: Int, focused: Bool, _ grid: inout Grid, _ rect: Rect) {
        guard !lines.isEmpty else {
            grid.put(empty, x: rect.x + 1, y: rect.y, role: .textDim, maxWidth: rect.width - 1)
            return
        }
        let start = scrollStart(selected: selected, count: lines.count, height: rect.height)
        for line in 0..<rect.height {
            let index = start + line
            guard index < lines.count else { break }
            let role: StyleRole = index == selected ? (focused ? .selection : .selectionInactive) : .text
            grid.line(" " + lines[index], x: rect.x, y: rect.y + line, width: rect.width, role: role)
        }
    }
}
