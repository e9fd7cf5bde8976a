public import Foundation

/// The console's state machine: `reduce(&state, action, now)` changes state and returns effects.
///
/// Pure: time is passed in, the only dependency (the bootstrap validator) is injected.
public struct ConsoleReducer: Sendable {
    /// Validates Bootstrap form fields.
    public var validator: any BootstrapValidating
    /// How long flash messages stay.
    public var flashDuration: TimeInterval = 4

    /// Creates a reducer with a validator.
    public init(validator: any BootstrapValidating = BasicBootstrapValidator()) {
        self.validator = validator
    }

    /// Applies `action` at time `now`; returns the work to start.
    public func reduce(_ state: inout AppState, _ action: Action, now: Date) -> [Effect] {
        state.now = now
        switch action {
        case .start:
            return queryWindow(&state, force: true) + [.loadAlarms]
        case .key(let key):
            return handleKey(key, &state)
        case .resize(let size):
            state.size = size
            return queryWindow(&state, force: false)
        case .tick:
            expire(&state)
            return []
        case .devicesLoaded(let page):
            return devicesLoaded(page, &state)
        case .devicesCounted(let request, let matching):
            return devicesCounted(request, matching, &state)
        case .deviceLocated(let id, let query, let index):
            return deviceLocated(id, query, index, &state)
        case .deviceLoaded(let detail):
            return deviceLoaded(detail, &state)
        case .deviceUpdated(let row):
            if let index = state.devices.rows.firstIndex(where: { $0.id == row.id }) { state.devices.rows[index] = row }
            guard let open = state.details.detail?.row, open.id == row.id else { return [] }
            state.details.detail?.row = row
            // A (de-)registration changes what Info and Objects show: fetch them again.
            return open.state == row.state ? [] : [.loadDevice(id: row.id)]
        case .deviceEvent(let deviceID, let event):
            guard state.details.detail?.row.id == deviceID else { return [] }
            state.details.detail?.events.insert(event, at: 0)
            if let count = state.details.detail?.events.count, count > DeviceDetail.liveEventLimit {
                state.details.detail?.events.removeLast(count - DeviceDetail.liveEventLimit)
            }
            return []
        case .operationChanged(let deviceID, let row):
            guard state.details.detail?.row.id == deviceID else { return [] }
            if let id = row.id, let index = state.details.detail?.operations.firstIndex(where: { $0.id == id }) {
                state.details.detail?.operations[index] = row
            } else {
                state.details.detail?.operations.insert(row, at: 0)
                if let count = state.details.detail?.operations.count, count > DeviceDetail.liveEventLimit {
                    state.details.detail?.operations.removeLast(count - DeviceDetail.liveEventLimit)
                }
            }
            return []
        case .objectValues(let deviceID, let values):
            guard state.details.detail?.row.id == deviceID else { return [] }
            state.details.detail?.objects.apply(values)
            return []
        case .alarmsLoaded(let rows):
            state.alarms.replace(rows)
            return []
        case .alarmRaised(let alarm):
            // A new alarm updates the list and the header only: focus and selections stay put.
            let isNew = !state.alarms.rows.contains { $0.id == alarm.id }
            state.alarms.upsert(alarm)
            if isNew { flash(&state, "\(alarm.severity.rawValue) alarm: \(alarm.device) \(alarm.text)", isError: false) }
            return []
        case .alarmRemoved(let id):
            state.alarms.remove(id: id)
            return []
        case .engineStatus(let status):
            state.engine = status
            return []
        case .shellUpdate(let requestID, let update):
            applyShellUpdate(requestID, update, &state)
            return []
        case .bootstrapSaved(let deviceID, let fields, let error):
            return bootstrapSaved(deviceID, fields, error, &state)
        case .bootstrapPlan(let deviceID, let lines):
            if state.details.form?.deviceID == deviceID { state.details.form?.planPreview = lines }
            return []
        case .importChecked, .importProgress, .importFinished, .importFailed:
            return importResult(action, &state)
        case .themeApplied(let name):
            state.themeName = name
            flash(&state, "Theme \(name)", isError: false)
            return []
        case .completions(let context, let text, let candidates):
            applyCompletions(context, text, candidates, &state)
            return []
        case .failed(let message):
            flash(&state, message, isError: true)
            return []
        case .notice(let message):
            flash(&state, message, isError: false)
            return queryWindow(&state, force: true)
        }
    }

    // MARK: Keys

    private func handleKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch state.mode {
        case .help:
            // The keymap's help/back/quit keys close the overlay too (they may be remapped).
            let closing: Set<KeyCommand> = [.help, .back, .quit]
            if let command = state.keymap.command(for: key, in: []), closing.contains(command), key != .ctrl("c") {
                state.mode = .normal
                return []
            }
            switch key {
            case .escape, .char("q"), .char("?"), .enter: state.mode = .normal
            case .char("j"), .down: state.helpScroll += 1
            case .char("k"), .up: state.helpScroll = max(0, state.helpScroll - 1)
            default: break
            }
            return []
        case .confirm(var dialog):
            return confirmKey(key, &dialog, &state)
        case .filtering:
            return filterKey(key, &state)
        case .command:
            return commandKey(key, &state)
        case .importFlow:
            return importKey(key, &state)
        case .editingForm:
            return formKey(key, &state)
        case .normal:
            if state.focus == .shell, let effects = shellKey(key, &state) { return effects }
            guard let command = state.keymap.command(for: key, in: contexts(state)) else { return [] }
            return perform(command, &state)
        }
    }

    private func contexts(_ state: AppState) -> [KeyContext] {
        switch state.focus {
        case .devices: return [.devices]
        case .alarms: return [.alarms]
        case .shell: return []
        case .details:
            switch state.details.tab {
            case .objects: return [.objects, .details]
            case .bootstrap: return [.bootstrap, .details]
            default: return [.details]
            }
        }
    }

    private func perform(_ command: KeyCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .moveDown: return move(by: 1, &state)
        case .moveUp: return move(by: -1, &state)
        case .pageDown: return move(by: Layout(size: state.size).tableRows, &state)
        case .pageUp: return move(by: -Layout(size: state.size).tableRows, &state)
        case .top: return move(by: Int.min / 2, &state)
        case .bottom: return move(by: Int.max / 2, &state)
        case .open: return open(&state)
        case .back: return back(&state)
        case .nextPane:
            state.focus = state.focus.next
            return []
        case .previousPane:
            state.focus = state.focus.previous
            return []
        case .filter:
            state.focus = .devices
            state.mode = .filtering
            return []
        case .nextMatch, .previousMatch:
            guard state.devices.matching > 0 else { return [] }
            let step = command == .nextMatch ? 1 : -1
            state.devices.selected = (state.devices.selected + step + state.devices.matching) % state.devices.matching
            return queryWindow(&state, force: false)
        case .command:
            state.mode = .command
            state.commandLine = LineEditor()
            state.completions = []
            return []
        case .sort:
            state.devices.sort = state.devices.sort.next
            state.devices.selected = 0
            flash(&state, "Sorted by \(state.devices.sort.rawValue)", isError: false)
            return queryWindow(&state, force: true)
        case .help:
            state.mode = .help
            state.helpScroll = 0
            return []
        case .quit:
            return requestQuit(&state)
        case .refresh:
            var effects = queryWindow(&state, force: true) + [.loadAlarms]
            if let id = state.details.detail?.row.id { effects.append(.loadDevice(id: id)) }
            return effects
        case .nextTab, .previousTab:
            let tabs = DetailsTab.allCases
            let index = tabs.firstIndex(of: state.details.tab) ?? 0
            let step = command == .nextTab ? 1 : tabs.count - 1
            state.details.tab = tabs[(index + step) % tabs.count]
            state.details.listSelected = 0
            return []
        case .importFile:
            state.importFlow = .prompt(LineEditor())
            state.mode = .importFlow
            state.completions = []
            return []
        case .acknowledge:
            guard allowChange(&state), let alarm = selectedAlarm(state) else { return [] }
            return [.acknowledgeAlarm(id: alarm.id)]
        case .clearAlarm:
            guard allowChange(&state), let alarm = selectedAlarm(state) else { return [] }
            return [.clearAlarm(id: alarm.id)]
        case .clearAllAlarms:
            guard allowChange(&state), !state.alarms.rows.isEmpty else { return [] }
            state.mode = .confirm(ConfirmDialog(question: "Clear all \(state.alarms.rows.count) alarms?", confirmLabel: "Clear all", action: .clearAllAlarms))
            return []
        case .deleteDevice:
            guard allowChange(&state), let row = state.devices.selectedRow else { return [] }
            state.mode = .confirm(ConfirmDialog(question: "Delete device \(row.endpoint) and its credentials?", confirmLabel: "Delete", action: .deleteDevice(id: row.id)))
            return []
        case .edit:
            return beginEditing(&state)
        case .save:
            return saveForm(&state)
        case .reveal:
            state.details.form?.revealed.toggle()
            return []
        case .read, .write, .execute, .observe:
            return objectOperation(command, &state)
        }
    }

    private func selectedAlarm(_ state: AppState) -> AlarmRow? {
        state.alarms.rows.indices.contains(state.alarms.selected) ? state.alarms.rows[state.alarms.selected] : nil
    }

    private func move(by delta: Int, _ state: inout AppState) -> [Effect] {
        switch state.focus {
        case .devices:
            return moveDevices(by: delta, &state)
        case .alarms:
            let last = max(0, state.alarms.rows.count - 1)
            state.alarms.selected = min(last, max(0, state.alarms.selected.addingReportingOverflow(delta).partialValue))
            return []
        case .details:
            let count = detailsListCount(state)
            if state.details.tab == .bootstrap, var form = state.details.form {
                form.focused = min(max(0, form.fields.count - 1), max(0, form.focused.addingReportingOverflow(delta).partialValue))
                state.details.form = form
            } else if count > 0 {
                state.details.listSelected = min(count - 1, max(0, state.details.listSelected.addingReportingOverflow(delta).partialValue))
            }
            return []
        case .shell:
            return []
        }
    }

    private func detailsListCount(_ state: AppState) -> Int {
        guard let detail = state.details.detail else { return 0 }
        switch state.details.tab {
        case .objects: return detail.objects.count
        case .operations: return detail.operations.count
        case .events: return detail.events.count
        case .externalIDs: return detail.externalIDs.count
        default: return 0
        }
    }

    private func open(_ state: inout AppState) -> [Effect] {
        switch state.focus {
        case .devices:
            guard let row = state.devices.selectedRow else { return [] }
            state.focus = .details
            if state.details.detail?.row.id != row.id, state.details.loadingID != row.id {
                state.details.loadingID = row.id
                return [.loadDevice(id: row.id)]
            }
            return []
        case .details:
            return state.details.tab == .objects ? objectOperation(.read, &state) : []
        case .alarms, .shell:
            return []
        }
    }

    private func back(_ state: inout AppState) -> [Effect] {
        switch state.focus {
        case .devices:
            guard !state.devices.filter.text.isEmpty else { return [] }
            state.devices.filter = LineEditor()
            state.devices.selected = 0
            return queryWindow(&state, force: true)
        case .details, .alarms, .shell:
            state.focus = .devices
            return []
        }
    }

    private func requestQuit(_ state: inout AppState) -> [Effect] {
        let pending = state.shell.outstanding.count
        if pending > 0 {
            let noun = pending == 1 ? "operation is" : "operations are"
            state.mode = .confirm(ConfirmDialog(question: "\(pending) \(noun) pending. Quit anyway?", confirmLabel: "Quit", action: .quit))
            return []
        }
        return [.quit]
    }

    private func confirmKey(_ key: Key, _ dialog: inout ConfirmDialog, _ state: inout AppState) -> [Effect] {
        switch key {
        case .tab, .backTab, .left, .right, .char("h"), .char("l"):
            dialog.confirmFocused.toggle()
            state.mode = .confirm(dialog)
            return []
        case .char("y"), .char("Y"):
            state.mode = .normal
            return confirmed(dialog.action, &state)
        case .enter:
            state.mode = .normal
            return dialog.confirmFocused ? confirmed(dialog.action, &state) : []
        case .escape, .char("n"), .char("N"), .char("q"):
            state.mode = dialog.action == .discardForm ? .editingForm : .normal
            return []
        default:
            return []
        }
    }

    private func confirmed(_ action: ConfirmedAction, _ state: inout AppState) -> [Effect] {
        switch action {
        case .quit:
            return [.quit]
        case .deleteDevice(let id):
            return [.deleteDevice(id: id)]
        case .clearAllAlarms:
            return [.clearAllAlarms]
        case .discardForm:
            if var form = state.details.form {
                form.fields = form.original
                form.errors = [:]
                state.details.form = form
            }
            return []
        }
    }

    /// Refuses changes in read-only mode with a flash; true when the change may go ahead.
    func allowChange(_ state: inout AppState) -> Bool {
        guard state.readOnly else { return true }
        flash(&state, "Read-only mode: changes are disabled", isError: true)
        return false
    }

    func flash(_ state: inout AppState, _ text: String, isError: Bool) {
        state.flash = Flash(text: text, isError: isError, expires: state.now.addingTimeInterval(flashDuration))
    }

    private func expire(_ state: inout AppState) {
        if let flash = state.flash, flash.expires <= state.now { state.flash = nil }
        for index in state.shell.requests.indices {
            let request = state.shell.requests[index]
            // A multi-step operation reporting progress (fwupdate) has per-step timeouts in the
            // engine; its whole run may take longer than one request's timeout.
            if request.isOutstanding, !request.timedOut, request.progress == nil,
               state.now.timeIntervalSince(request.submittedAt) >= request.timeout {
                state.shell.requests[index].phase = .timedOut(at: state.now)
                state.shell.requests[index].timedOut = true
            }
        }
    }
}

/// Applies `action` with the default reducer (basic bootstrap validation).
public func reduce(_ state: inout AppState, _ action: Action, now: Date) -> [Effect] {
    ConsoleReducer().reduce(&state, action, now: now)
}
