extension ConsoleReducer {
    /// Keeps the selection visible and asks for the visible window when it is not loaded.
    func queryWindow(_ state: inout AppState, force: Bool) -> [Effect] {
        var devices = state.devices
        let visible = Layout(size: state.size).tableRows
        let last = max(0, devices.matching - 1)
        if !devices.loading { devices.selected = min(devices.selected, last) }
        if devices.selected < devices.scroll { devices.scroll = devices.selected }
        if devices.selected >= devices.scroll + visible { devices.scroll = devices.selected - visible + 1 }
        devices.scroll = max(0, min(devices.scroll, max(0, devices.matching - visible)))
        let wantedEnd = min(devices.scroll + visible, devices.matching)
        let loadedEnd = devices.offset + devices.rows.count
        let covered = devices.scroll >= devices.offset && wantedEnd <= loadedEnd && devices.rows.count >= min(visible, devices.matching - devices.offset)
        var effects: [Effect] = []
        let query = DeviceQuery(filter: devices.filter.text, sort: devices.sort, offset: devices.scroll, limit: visible)
        if force || devices.loading || !covered, devices.pendingQuery != query {
            devices.pendingQuery = query
            effects.append(.queryDevices(query))
        }
        state.devices = devices
        return effects + loadSelectedDevice(&state)
    }

    /// Asks for the selected device's details when they are not shown or loading.
    func loadSelectedDevice(_ state: inout AppState) -> [Effect] {
        guard let row = state.devices.selectedRow else { return [] }
        if state.details.detail?.row.id == row.id || state.details.loadingID == row.id { return [] }
        state.details.loadingID = row.id
        return [.loadDevice(id: row.id)]
    }

    func devicesLoaded(_ page: DevicePage, _ state: inout AppState) -> [Effect] {
        guard state.devices.pendingQuery == page.query else { return [] }
        state.devices.pendingQuery = nil
        state.devices.loading = false
        state.devices.rows = page.rows
        state.devices.offset = page.query.offset
        state.devices.matching = page.matching
        // A shrinking match count can leave the selection past the end: re-ask for a window.
        if state.devices.selected >= page.matching, page.matching > 0 || state.devices.selected > 0 {
            state.devices.selected = max(0, page.matching - 1)
            return queryWindow(&state, force: false)
        }
        return queryWindow(&state, force: false)
    }

    func deviceLoaded(_ detail: DeviceDetail, _ state: inout AppState) -> [Effect] {
        if state.details.loadingID == detail.row.id { state.details.loadingID = nil }
        guard state.devices.selectedRow?.id == detail.row.id || state.details.detail?.row.id == detail.row.id else { return [] }
        let sameDevice = state.details.detail?.row.id == detail.row.id
        state.details.detail = detail
        if !sameDevice || state.details.form?.isDirty != true {
            var form = BootstrapForm(deviceID: detail.row.id, fields: detail.bootstrap)
            form.revealed = sameDevice && state.details.form?.revealed == true
            form.focused = sameDevice ? min(state.details.form?.focused ?? 0, max(0, detail.bootstrap.count - 1)) : 0
            state.details.form = form
            if !sameDevice { state.details.listSelected = 0 }
            return [.previewBootstrapPlan(deviceID: detail.row.id, fields: detail.bootstrap)]
        }
        return []
    }

    func filterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch key {
        case .enter:
            state.mode = .normal
            return []
        case .escape:
            state.mode = .normal
            guard !state.devices.filter.text.isEmpty else { return [] }
            state.devices.filter = LineEditor()
            state.devices.selected = 0
            return queryWindow(&state, force: true)
        case .down, .up:
            state.devices.selected = max(0, state.devices.selected + (key == .down ? 1 : -1))
            return queryWindow(&state, force: false)
        default:
            let before = state.devices.filter.text
            guard state.devices.filter.handle(key) else { return [] }
            guard state.devices.filter.text != before else { return [] }
            state.devices.selected = 0
            state.devices.scroll = 0
            return queryWindow(&state, force: true)
        }
    }
}
