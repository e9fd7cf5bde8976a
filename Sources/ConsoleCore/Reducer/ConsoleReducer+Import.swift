import Foundation

extension ConsoleReducer {
    func importKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        guard let flow = state.importFlow else {
            state.mode = .normal
            return []
        }
        switch flow {
        case .prompt(var editor):
            switch key {
            case .escape:
                close(&state)
            case .enter:
                let path = editor.text.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { return [] }
                return startDryRun(path, &state)
            case .tab:
                return [.complete(.path, text: editor.text)]
            default:
                if editor.handle(key) {
                    state.importFlow = .prompt(editor)
                    state.completions = []
                }
            }
        case .checking, .running:
            // The work goes on in the background; Esc only hides the overlay.
            if key == .escape { state.mode = .normal }
        case .summary(let path, let summary):
            switch key {
            case .escape, .char("q"): close(&state)
            case .enter:
                guard summary.valid > 0 else {
                    flash(&state, "Nothing to import: no valid rows", isError: true)
                    return []
                }
                guard allowChange(&state) else { return [] }
                state.importFlow = .running(path: path, nil)
                return [.startImport(path: path, dryRun: false)]
            default: break
            }
        case .finished, .failed:
            if key == .escape || key == .enter || key == .char("q") {
                close(&state)
                return queryWindow(&state, force: true)
            }
        }
        return []
    }

    func startDryRun(_ path: String, _ state: inout AppState) -> [Effect] {
        state.importFlow = .checking(path: path)
        state.mode = .importFlow
        state.completions = []
        return [.startImport(path: path, dryRun: true)]
    }

    private func close(_ state: inout AppState) {
        state.importFlow = nil
        state.mode = .normal
        state.completions = []
    }

    func importResult(_ action: Action, _ state: inout AppState) -> [Effect] {
        guard let flow = state.importFlow else { return [] }
        switch action {
        case .importChecked(let path, let summary):
            if case .checking(let asked) = flow, asked == path { state.importFlow = .summary(path: path, summary) }
        case .importProgress(let progress):
            if case .running(let path, _) = flow { state.importFlow = .running(path: path, progress) }
        case .importFinished(let outcome):
            state.importFlow = .finished(outcome)
            if state.mode != .importFlow {
                flash(&state, "Import finished: \(outcome.imported) imported, \(outcome.failed.count) failed", isError: !outcome.failed.isEmpty)
            }
            return queryWindow(&state, force: true)
        case .importFailed(let message):
            state.importFlow = .failed(message)
        default:
            break
        }
        return []
    }
}
