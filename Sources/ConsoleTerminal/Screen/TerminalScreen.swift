import CNCursesShim
public import ConsoleCore
import Foundation
import Glibc

/// The ncurses screen: opens the terminal, draws grids by cell diff, reads keys, always closes.
///
/// Not Sendable: ncurses is not thread-safe, so the screen lives on the UI thread only.
public final class TerminalScreen {
    /// Colour depth in use (after NO_COLOR and capability detection).
    public private(set) var depth: ColorDepth = .none
    private var previous: Grid?
    private var theme: Theme = Theme(name: "none", styles: [:])
    private var roleIndex: [StyleRole: Int32] = [:]

    /// Opens the terminal: setlocale, newterm with `$TERM` then the fallbacks, colours unless `noColor`.
    public init(noColor: Bool, mouse: Bool, environment: [String: String]) throws(TerminalError) {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw TerminalError("the console needs a terminal: stdin and stdout must be a tty")
        }
        cncurses_set_locale()
        var candidates: [String] = []
        if let term = environment["TERM"], !term.isEmpty { candidates.append(term) }
        candidates += ["xterm-256color", "xterm", "vt100"]
        guard candidates.contains(where: { cncurses_open($0, mouse ? 1 : 0) == 0 }) else {
            throw TerminalError("cannot open the terminal (TERM=\(environment["TERM"] ?? "unset"), no usable fallback)")
        }
        depth = noColor ? .none : ColorDepth.forColorCount(Int(cncurses_colors()))
        for (index, role) in StyleRole.allCases.enumerated() { roleIndex[role] = Int32(index + 1) }
    }

    /// Restores the terminal; idempotent.
    public func close() {
        cncurses_close()
    }

    deinit {
        cncurses_close()
    }

    /// The current size.
    public var size: TerminalSize {
        var rows: Int32 = 0
        var columns: Int32 = 0
        cncurses_size(&rows, &columns)
        return TerminalSize(columns: Int(columns), rows: Int(rows))
    }

    /// Applies a theme (already adapted to `depth`) and forces a full redraw.
    public func apply(_ newTheme: Theme) {
        theme = newTheme.adapted(to: depth)
        if depth != .none {
            for role in StyleRole.allCases {
                let style = theme.style(for: role)
                let pair = roleIndex[role] ?? 0
                _ = cncurses_init_pair(pair, colorNumber(style.foreground), colorNumber(style.background))
            }
        }
        previous = nil
    }

    private func colorNumber(_ color: ThemeColor?) -> Int32 {
        switch color {
        case nil, .terminalDefault: return -1
        case .ansi(let index):
            // On 8-colour terminals bright colours fold onto the normal ones; grey becomes white, not black.
            if Int(cncurses_colors()) >= 16 { return Int32(index) }
            return Int32(index == 8 ? 7 : index % 8)
        case .indexed(let index): return Int32(index)
        case .rgb(let red, let green, let blue): return Int32(red << 16 | green << 8 | blue)
        }
    }

    /// Draws `grid`, sending only the rows' changed spans; a size or theme change redraws all.
    public func draw(_ grid: Grid) {
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { cncurses_clear() }
        for row in 0..<grid.height {
            guard let span = changedSpan(row: row, in: grid, full: full) else { continue }
            drawRuns(row: row, from: span.lowerBound, to: span.upperBound, grid: grid)
        }
        cncurses_refresh()
        previous = grid
    }

    private func changedSpan(row: Int, in grid: Grid, full: Bool) -> ClosedRange<Int>? {
        guard grid.width > 0 else { return nil }
        if full { return 0...(grid.width - 1) }
        guard let old = previous else { return 0...(grid.width - 1) }
        var first: Int?
        var last = 0
        for column in 0..<grid.width where old[column, row] != grid[column, row] {
            if first == nil { first = column }
            last = column
        }
        guard var start = first else { return nil }
        // Never start on the right half of a wide character, never end on its left half.
        if grid[start, row].isContinuation || old[start, row].isContinuation { start = max(0, start - 1) }
        if last + 1 < grid.width, grid[last + 1, row].isContinuation || old[last + 1, row].isContinuation { last += 1 }
        return start...last
    }

    private func drawRuns(row: Int, from start: Int, to end: Int, grid: Grid) {
        var column = start
        while column <= end {
            let role = grid[column, row].role
            var text: [wchar_t] = []
            let runStart = column
            while column <= end, grid[column, row].role == role {
                for scalar in grid[column, row].text.unicodeScalars { text.append(wchar_t(bitPattern: scalar.value)) }
                column += 1
            }
            guard !text.isEmpty else { continue }
            let style = theme.style(for: role)
            let pair = depth == .none ? 0 : (roleIndex[role] ?? 0)
            text.withUnsafeBufferPointer { buffer in
                cncurses_draw(Int32(row), Int32(runStart), buffer.baseAddress, Int32(buffer.count),
                              style.bold ? 1 : 0, style.underline ? 1 : 0, style.reverse ? 1 : 0, pair)
            }
        }
    }

    /// Reads every key waiting, without blocking; resize events become `.resize`.
    public func readKeys() -> [Action] {
        var actions: [Action] = []
        var value: UInt32 = 0
        var pendingEscape = false
        while true {
            let kind = cncurses_read_key(&value)
            if kind == Int32(CN_NONE) { break }
            if kind == Int32(CN_CHAR) {
                if value == 27 {
                    // A lone Esc (ESCDELAY elapsed) or Alt-prefix; Alt combinations are not bound.
                    if pendingEscape { actions.append(.key(.escape)) }
                    pendingEscape = true
                    continue
                }
                if pendingEscape {
                    actions.append(.key(.escape))
                    pendingEscape = false
                }
                if let key = Self.key(forCharacter: value) { actions.append(.key(key)) }
                continue
            }
            if pendingEscape {
                actions.append(.key(.escape))
                pendingEscape = false
            }
            if value == UInt32(CN_RESIZE) {
                actions.append(.resize(size))
            } else if let key = Self.key(forCode: value) {
                actions.append(.key(key))
            }
        }
        if pendingEscape { actions.append(.key(.escape)) }
        return actions
    }

    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 1...26: return Unicode.Scalar(value + 96).map { .ctrl(Character($0)) }
        case 0, 28...31: return nil
        default: return Unicode.Scalar(value).map { .char(Character($0)) }
        }
    }

    static func key(forCode value: UInt32) -> Key? {
        switch Int32(value) {
        case Int32(CN_UP): .up
        case Int32(CN_DOWN): .down
        case Int32(CN_LEFT): .left
        case Int32(CN_RIGHT): .right
        case Int32(CN_PGUP): .pageUp
        case Int32(CN_PGDN): .pageDown
        case Int32(CN_HOME): .home
        case Int32(CN_END): .end
        case Int32(CN_BACKSPACE): .backspace
        case Int32(CN_DELETE): .delete
        case Int32(CN_BTAB): .backTab
        case Int32(CN_ENTER): .enter
        default: nil
        }
    }
}
