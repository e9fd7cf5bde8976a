extension Grid {
    /// Draws a box around `rect` with a title; focused boxes use heavy lines and the focused role.
    mutating func box(_ rect: Rect, title: String, focused: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let role: StyleRole = focused ? .borderFocused : .border
        let glyphs = focused ? ["┏", "━", "┓", "┃", "┗", "┛"] : ["┌", "─", "┐", "│", "└", "┘"]
        let right = rect.x + rect.width - 1
        let bottom = rect.y + rect.height - 1
        for column in rect.x...right {
            self[column, rect.y] = Cell(text: glyphs[1], role: role)
            self[column, bottom] = Cell(text: glyphs[1], role: role)
        }
        for row in rect.y...bottom {
            self[rect.x, row] = Cell(text: glyphs[3], role: role)
            self[right, row] = Cell(text: glyphs[3], role: role)
        }
        self[rect.x, rect.y] = Cell(text: glyphs[0], role: role)
        self[right, rect.y] = Cell(text: glyphs[2], role: role)
        self[rect.x, bottom] = Cell(text: glyphs[4], role: role)
        self[right, bottom] = Cell(text: glyphs[5], role: role)
        if !title.isEmpty, rect.width > 4 {
            put(" \(title) ", x: rect.x + 1, y: rect.y, role: .title, maxWidth: rect.width - 2)
        }
    }

    /// Writes `text` padded or clipped to exactly `width` columns.
    mutating func line(_ text: String, x: Int, y: Int, width: Int, role: StyleRole) {
        let used = put(text, x: x, y: y, role: role, maxWidth: width)
        if used < width { fill(Rect(x: x + used, y: y, width: width - used, height: 1), role: role) }
    }
}

/// Text helpers for fixed-width columns.
enum Columns {
    /// `text` clipped or padded to `width` columns (ellipsis when clipped).
    static func fit(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let columns = DisplayWidth.of(text)
        if columns <= width { return text + String(repeating: " ", count: width - columns) }
        var result = ""
        var used = 0
        for character in text {
            let next = DisplayWidth.of(character)
            if used + next > width - 1 { break }
            result.append(character)
            used += next
        }
        return result + "…" + String(repeating: " ", count: max(0, width - 1 - used))
    }
}
