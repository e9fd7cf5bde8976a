import Foundation

extension ConsoleReducer {
    /// Verbs refused in read-only mode because they change the device.
    static let changingVerbs: Set<String> = ["write", "execute", "exec", "delete", "create", "write-attr", "attributes"]

    /// Keys for the focused Shell pane; nil lets the keymap have the key.
    func shellKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        switch key {
        case .enter:
            let line = state.shell.input.text.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { return [] }
            state.shell.input = LineEditor()
            state.shell.history.record(line)
            state.completions = []
            return submitShell(line, &state)
        case .up:
            if let line = state.shell.history.older() { state.shell.input.set(line) }
            return []
        case .down:
            if let line = state.shell.history.newer() { state.shell.input.set(line) }
            return []
        case .tab:
            guard !state.shell.input.text.isEmpty else { return nil }
            return [.complete(.shell(deviceID: state.devices.selectedRow?.id), text: state.shell.input.text)]
        case .escape:
            guard !state.shell.input.text.isEmpty else { return nil }
            state.shell.input = LineEditor()
            return []
        case .char:
            _ = state.shell.input.handle(key)
            return []
        default:
            return state.shell.input.handle(key) ? [] : nil
        }
    }

    /// Records a shell request for the selected device and asks the runner to send it.
    func submitShell(_ line: String, _ state: inout AppState) -> [Effect] {
        guard let device = state.shellDevice else {
            flash(&state, "Select a device first", isError: true)
            return []
        }
        let words = line.split(separator: " ").map(String.init)
        if let verb = words.first?.lowercased(), Self.changingVerbs.contains(verb), !allowChange(&state) { return [] }
        var timeout = state.shell.defaultTimeout
        if let index = words.firstIndex(of: "--timeout"), index + 1 < words.count {
            let text = words[index + 1].hasSuffix("s") ? String(words[index + 1].dropLast()) : words[index + 1]
            guard let seconds = TimeInterval(text), seconds > 0 else {
                flash(&state, "--timeout needs a number of seconds, got \(words[index + 1])", isError: true)
                return []
            }
            timeout = seconds
        }
        let id = state.shell.nextID
        state.shell.nextID += 1
        state.shell.requests.append(ShellRequest(
            id: id, deviceID: device.id, endpoint: device.endpoint, line: line, timeout: timeout,
            submittedAt: state.now, phase: .pending(reason: "queued")
        ))
        if state.shell.requests.count > 200 { state.shell.requests.removeFirst(state.shell.requests.count - 200) }
        return [.submitShell(requestID: id, deviceID: device.id, line: line, timeout: timeout)]
    }

    func applyShellUpdate(_ requestID: Int, _ update: ShellUpdate, _ state: inout AppState) {
        guard let index = state.shell.requests.firstIndex(where: { $0.id == requestID }) else { return }
        var request = state.shell.requests[index]
        switch update {
        case .pending(let reason):
            request.phase = .pending(reason: reason)
        case .executing:
            request.phase = .executing(since: state.now)
        case .progress(let text):
            request.progress = text
        case .completed(let result):
            if request.timedOut { request.lateResult = result }
            request.phase = .done(result)
        case .timedOut:
            request.phase = .timedOut(at: state.now)
            request.timedOut = true
        case .failed(let message):
            request.phase = .failed(message)
        }
        state.shell.requests[index] = request
    }

    /// Read/write/execute/observe on the selected Objects node.
    func objectOperation(_ command: KeyCommand, _ state: inout AppState) -> [Effect] {
        guard state.details.tab == .objects, let detail = state.details.detail,
              detail.objects.indices.contains(state.details.listSelected) else { return [] }
        let path = detail.objects[state.details.listSelected].path
        switch command {
        case .write:
            state.shell.input.set("write \(path) ")
            state.focus = .shell
            return []
        case .execute:
            return submitShell("execute \(path)", &state)
        case .observe:
            return submitShell("observe \(path)", &state)
        default:
            return submitShell("read \(path)", &state)
        }
    }
}
