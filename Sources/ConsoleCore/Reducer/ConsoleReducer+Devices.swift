extension ConsoleReducer {
    /// Keeps the selection visible and asks for the visible window when it is not loaded.
    /// `force` re-asks even a loaded window (a refresh): the exact count is then re-asked too.
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
        if force {
            // The inventory may have changed: a count asked before this refresh is not trusted.
            devices.pendingCount = nil
            devices.countIsStale = true
        }
        let filter = devices.filter.text
        let known = devices.matchingIsExact && devices.countedFilter == filter && !devices.countIsStale ? devices.matching : nil
        var effects: [Effect] = []
        let query = DeviceQuery(filter: filter, sort: devices.sort, offset: devices.scroll, limit: visible, knownMatching: known)
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
        var devices = state.devices
        let anchor = devices.selectedRow?.id
        let list = DeviceListKey(filter: page.query.filter, sort: page.query.sort)
        let sameList = devices.loadedList == list
        devices.pendingQuery = nil
        devices.loading = false
        devices.rows = page.rows
        devices.offset = page.query.offset
        devices.loadedList = list
        if !sameList { devices.bottomWanted = false }
        var effects: [Effect] = []
        let filter = page.query.filter
        if page.matchingIsExact {
            devices.matching = page.matching
            devices.matchingIsExact = true
            devices.countedFilter = filter
            devices.countIsStale = false
            devices.pendingCount = nil
        } else if devices.matchingIsExact, devices.countedFilter == filter, page.matching <= devices.matching,
            page.rows.count >= min(page.query.limit, devices.matching - page.query.offset)
        {
            // The exact count of this filter is known (and the page is as long as it implies): a
            // window or a refresh keeps showing it (no "1,000+" flicker); a refresh recounts.
            if devices.countIsStale, devices.pendingCount == nil { effects.append(requestCount(filter, &devices)) }
        } else {
            devices.matching = page.matching
            devices.matchingIsExact = false
            devices.countedFilter = nil
            // The selection was past what is known now (the list shrank): the end once counted.
            if devices.selected >= page.matching { devices.bottomWanted = true }
            if devices.pendingCount?.filter != filter { effects.append(requestCount(filter, &devices)) }
        }
        // A refresh of the same list keeps the selection on the same device when it moved: in
        // the window at once, further away through the store. (Only a window that covers the
        // selected index proves the selected device moved or went.)
        if sameList, let anchor {
            let covers = (page.query.offset..<(page.query.offset + page.query.limit)).contains(devices.selected)
            if let index = page.rows.firstIndex(where: { $0.id == anchor }) {
                devices.selected = page.query.offset + index
            } else if covers, devices.locating?.id != anchor {
                devices.locating = DevicesState.Locating(id: anchor, from: devices.selected)
                effects.append(.locateDevice(id: anchor, in: page.query))
            }
        }
        // A shrinking match count can leave the selection past the end: queryWindow clamps it
        // and asks for the window there. The window just answered is never asked again at once
        // (a page shorter than expected must not make a query loop).
        state.devices = devices
        var window = queryWindow(&state, force: false)
        if let repeated = window.firstIndex(where: { Self.sameWindow($0, page.query) }) {
            window.remove(at: repeated)
            state.devices.pendingQuery = nil
        }
        return window + effects
    }

    /// True when `effect` asks for the same window as `query` (whatever count it carries).
    private static func sameWindow(_ effect: Effect, _ query: DeviceQuery) -> Bool {
        guard case .queryDevices(var asked) = effect else { return false }
        asked.knownMatching = query.knownMatching
        return asked == query
    }

    /// The exact count of `filter` arrived: it replaces a lower bound unless it is stale.
    func devicesCounted(_ request: DeviceCountQuery, _ matching: Int, _ state: inout AppState) -> [Effect] {
        guard state.devices.pendingCount == request else { return [] }
        state.devices.pendingCount = nil
        guard request.filter == state.devices.filter.text else { return [] }
        state.devices.matching = matching
        state.devices.matchingIsExact = true
        state.devices.countedFilter = request.filter
        state.devices.countIsStale = false
        if state.devices.bottomWanted {
            state.devices.bottomWanted = false
            state.devices.selected = max(0, matching - 1)
        }
        return queryWindow(&state, force: false)
    }

    /// A moved device was found (or not): the selection goes to it unless the operator moved.
    func deviceLocated(_ id: String, _ query: DeviceQuery, _ index: Int?, _ state: inout AppState) -> [Effect] {
        guard let locating = state.devices.locating, locating.id == id else { return [] }
        state.devices.locating = nil
        let list = DeviceListKey(filter: query.filter, sort: query.sort)
        guard let index, state.devices.loadedList == list, state.devices.selected == locating.from else { return [] }
        // A device found at `index` proves at least `index + 1` matches.
        if !state.devices.matchingIsExact { state.devices.matching = max(state.devices.matching, index + 1) }
        state.devices.selected = index
        state.devices.bottomWanted = false
        return queryWindow(&state, force: false)
    }

    /// A new count request for `filter` (the runner drops or cancels the one before).
    private func requestCount(_ filter: String, _ devices: inout DevicesState) -> Effect {
        devices.countSerial += 1
        let request = DeviceCountQuery(filter: filter, serial: devices.countSerial)
        devices.pendingCount = request
        return .countDevices(request)
    }

    /// Moves the table's selection by `delta` rows (clamped); a huge positive delta is `G`.
    func moveDevices(by delta: Int, _ state: inout AppState) -> [Effect] {
        let last = max(0, state.devices.matching - 1)
        state.devices.selected = min(last, max(0, state.devices.selected.addingReportingOverflow(delta).partialValue))
        // Only a lower bound is known: go as far as it, then to the real end once counted.
        state.devices.bottomWanted = delta >= Int.max / 2 && !state.devices.matchingIsExact
        return queryWindow(&state, force: false)
    }

    func deviceLoaded(_ detail: DeviceDetail, _ state: inout AppState) -> [Effect] {
        if state.details.loadingID == detail.row.id { state.details.loadingID = nil }
        guard state.devices.selectedRow?.id == detail.row.id || state.details.detail?.row.id == detail.row.id else { return [] }
        let sameDevice = state.details.detail?.row.id == detail.row.id
        let live = sameDevice ? state.details.detail?.events ?? [] : []
        state.details.detail = detail
        // The store is written behind the engine: keep events that arrived live but are not stored yet.
        state.details.detail?.events = EventRow.merging(live: live, stored: detail.events, limit: DeviceDetail.liveEventLimit)
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
