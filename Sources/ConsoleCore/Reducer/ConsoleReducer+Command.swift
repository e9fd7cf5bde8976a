import Foundation

extension ConsoleReducer {
    func commandKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch key {
        case .escape:
            state.mode = .normal
            state.completions = []
            return []
        case .enter:
            let line = state.commandLine.text
            state.mode = .normal
            state.completions = []
            state.commandHistory.record(line)
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
            switch ConsoleLineCommand.parse(line) {
            case .failure(let error):
                flash(&state, error.message, isError: true)
                return []
            case .success(let command):
                return execute(command, &state)
            }
        case .up:
            if let line = state.commandHistory.older() { state.commandLine.set(line) }
            return []
        case .down:
            if let line = state.commandHistory.newer() { state.commandLine.set(line) }
            return []
        case .tab:
            return completeCommandLine(&state)
        default:
            if state.commandLine.handle(key) { state.completions = [] }
            return []
        }
    }

    func execute(_ command: ConsoleLineCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .quit:
            return perform(quitFromCommand: &state)
        case .help:
            state.mode = .help
            return []
        case .theme(let name):
            return [.switchTheme(name: name)]
        case .tenant(let name):
            state.tenant = name
            state.devices = DevicesState()
            state.details = DetailsState()
            return [.switchTenant(name: name)] + queryWindow(&state, force: true) + [.loadAlarms]
        case .importFile(let path):
            return startDryRun(path, &state)
        case .shell(let line):
            state.shell.history.record(line)
            return submitShell(line, &state)
        }
    }

    private func perform(quitFromCommand state: inout AppState) -> [Effect] {
        let pending = state.shell.outstanding.count
        guard pending == 0 else {
            state.mode = .confirm(ConfirmDialog(question: "\(pending) operation\(pending == 1 ? " is" : "s are") pending. Quit anyway?", confirmLabel: "Quit", action: .quit))
            return []
        }
        return [.quit]
    }

    private func completeCommandLine(_ state: inout AppState) -> [Effect] {
        let text = state.commandLine.text
        guard let space = text.firstIndex(of: " ") else {
            let candidates = ConsoleLineCommand.verbs.filter { $0.hasPrefix(text) }
            applyLocal(candidates.map { $0 + " " }, prefix: "", to: &state)
            return candidates.isEmpty ? [.complete(.shell(deviceID: state.devices.selectedRow?.id), text: text)] : []
        }
        let verb = String(text[..<space])
        let argument = String(text[text.index(after: space)...])
        switch verb {
        case "theme":
            applyLocal(state.themeNames.filter { $0.hasPrefix(argument) }, prefix: "theme ", to: &state)
            return []
        case "import":
            return [.complete(.path, text: argument)]
        default:
            return [.complete(.shell(deviceID: state.devices.selectedRow?.id), text: text)]
        }
    }

    private func applyLocal(_ candidates: [String], prefix: String, to state: inout AppState) {
        guard !candidates.isEmpty else { return }
        state.commandLine.set(prefix + CompletionMerge.commonPrefix(candidates))
        state.completions = candidates.count > 1 ? candidates : []
    }

    /// Merges runner candidates into whichever input asked, if it still holds the same text.
    func applyCompletions(_ context: CompletionContext, _ text: String, _ candidates: [String], _ state: inout AppState) {
        guard !candidates.isEmpty else {
            flash(&state, "No completions", isError: false)
            return
        }
        let merged = CompletionMerge.commonPrefix(candidates)
        let shown = candidates.count > 1 ? candidates : []
        switch (state.mode, context) {
        case (.importFlow, .path):
            if case .prompt(var editor) = state.importFlow, editor.text == text {
                editor.set(merged.count >= text.count ? merged : text)
                state.importFlow = .prompt(editor)
                state.completions = shown
            }
        case (.command, .path):
            if state.commandLine.text == "import " + text {
                state.commandLine.set("import " + (merged.count >= text.count ? merged : text))
                state.completions = shown
            }
        case (.command, .shell):
            if state.commandLine.text == text {
                state.commandLine.set(merged.count >= text.count ? merged : text)
                state.completions = shown
            }
        case (.normal, .shell):
            if state.focus == .shell, state.shell.input.text == text {
                state.shell.input.set(merged.count >= text.count ? merged : text)
                state.completions = shown
            }
        default:
            break
        }
    }
}
