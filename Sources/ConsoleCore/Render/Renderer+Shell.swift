import Foundation

extension Renderer {
    static func shell(_ state: AppState, _ grid: inout Grid, _ rect: Rect) {
        let focused = state.focus == .shell
        let device = state.shellDevice?.endpoint
        grid.box(rect, title: "Shell" + (device.map { ": \($0)" } ?? ""), focused: focused)
        let inner = rect.inner
        guard inner.height > 1 else { return }
        var lines: [(String, StyleRole)] = []
        for request in state.shell.requests {
            lines.append(contentsOf: requestLines(request, now: state.now, width: inner.width))
        }
        let available = inner.height - 1
        let visible = lines.suffix(available)
        for (index, line) in visible.enumerated() {
            grid.put(line.0, x: inner.x, y: inner.y + index, role: line.1, maxWidth: inner.width)
        }
        let prompt = (device ?? "no device") + "> "
        let inputRect = Rect(x: inner.x, y: inner.y + inner.height - 1, width: inner.width, height: 1)
        if focused {
            input(prefix: prompt, editor: state.shell.input, grid: &grid, rect: inputRect)
        } else {
            grid.put(prompt + state.shell.input.text, x: inputRect.x, y: inputRect.y, role: .textDim, maxWidth: inputRect.width)
        }
    }

    /// The lines one request shows: its echo with state, then its result.
    static func requestLines(_ request: ShellRequest, now: Date, width: Int) -> [(String, StyleRole)] {
        var lines = requestLines(request, now: now)
        // A status that does not fit after the echo goes on its own indented line.
        let echo = "> \(request.line)"
        if let first = lines.first, DisplayWidth.of(first.0) > width, first.0.hasPrefix(echo + "   ") {
            let status = String(first.0.dropFirst(echo.count + 3))
            lines.replaceSubrange(0...0, with: [(echo, first.1), ("    " + status, first.1)])
        }
        return lines
    }

    static func requestLines(_ request: ShellRequest, now: Date) -> [(String, StyleRole)] {
        let echo = "> \(request.line)"
        let timeoutNote = request.timedOut ? "TIMEOUT after \(Formatting.duration(request.timeout)) · " : ""
        switch request.phase {
        case .pending(let reason):
            let elapsed = now.timeIntervalSince(request.submittedAt)
            let state = request.timedOut ? "\(timeoutNote)back in PENDING" : "PENDING (\(reason))"
            return [("\(echo)   \(state) \(Formatting.spinner(elapsed)) \(Formatting.elapsed(elapsed))", .statusWarn)]
        case .executing:
            let elapsed = now.timeIntervalSince(request.submittedAt)
            let progress = request.progress.map { "· \($0) " } ?? ""
            return [("\(echo)   EXECUTING \(progress)\(Formatting.spinner(elapsed)) \(Formatting.elapsed(elapsed))", .statusWarn)]
        case .timedOut:
            return [("\(echo)   TIMEOUT after \(Formatting.duration(request.timeout))", .statusError)]
        case .failed(let message):
            return [("\(echo)   FAILED: \(message)", .statusError)]
        case .done(let result):
            let late = request.timedOut ? "  LATE (after timeout)" : ""
            var lines: [(String, StyleRole)] = [("\(echo)   \(result.code)  \(result.milliseconds) ms\(late)", result.isSuccess ? (late.isEmpty ? .statusOK : .statusWarn) : .statusError)]
            lines.append(contentsOf: result.lines.map { ("  " + $0, StyleRole.text) })
            return lines
        }
    }
}
