/// A screen's worth of styled cells, the whole output of `render`; the backend only draws it.
public struct Grid: Sendable, Equatable {
    /// Width in columns.
    public let width: Int
    /// Height in rows.
    public let height: Int
    /// Cells in row-major order.
    public private(set) var cells: [Cell]

    /// Creates a blank grid of the given size.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` at (x, y) clipped to `maxWidth` columns; returns the columns used.
    ///
    /// Wide characters take two cells; one that would straddle the clip edge becomes a space.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for character in text {
            let columns = DisplayWidth.of(character)
            if columns == 0 { continue }
            if column + columns > limit {
                if columns == 2, column < limit { self[column, y] = Cell(text: " ", role: role); column += 1 }
                break
            }
            if column >= 0 {
                clearWide(at: column, y: y)
                self[column, y] = Cell(text: String(character), role: role)
                if columns == 2 {
                    clearWide(at: column + 1, y: y)
                    self[column + 1, y] = Cell(text: "", role: role)
                }
            }
            column += columns
        }
        return column - x
    }

    /// Fills a rectangle with `character` in `role`.
    public mutating func fill(_ rect: Rect, character: String = " ", role: StyleRole) {
        for row in rect.y..<(rect.y + rect.height) {
            for column in rect.x..<(rect.x + rect.width) {
                self[column, row] = Cell(text: character, role: role)
            }
        }
    }

    /// Sets the role of every cell in a row span without changing the text.
    public mutating func restyle(x: Int, y: Int, width spanWidth: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + spanWidth) {
            cells[y * width + column].role = role
        }
    }

    /// The grid as plain text, one line per row, trailing spaces trimmed (used by snapshots).
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for row in 0..<height {
            var line = ""
            for column in 0..<width { line += self[column, row].text }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // Overwriting half of a wide character blanks its other half so no stray halves remain.
    private mutating func clearWide(at column: Int, y: Int) {
        guard column >= 0, column < width else { return }
        let cell = self[column, y]
        if cell.isContinuation, column > 0 {
            self[column - 1, y] = Cell(text: " ", role: self[column - 1, y].role)
        } else if column + 1 < width, self[column + 1, y].isContinuation {
            self[column + 1, y] = Cell(text: " ", role: cell.role)
        }
    }
}
