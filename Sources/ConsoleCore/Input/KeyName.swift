/// Key names as the configuration file writes them: the help overlay's labels (`Ctrl-Q`, `Esc`,
/// `PgUp`, `↑`, `Shift-Tab`, `Space`) plus plain-ASCII spellings (`ctrl-q`, `escape`, `up`).
public enum KeyName {
    /// Named keys, matched case-insensitively.
    private static let named: [String: Key] = [
        "space": .char(" "), "up": .up, "↑": .up, "down": .down, "↓": .down, "left": .left, "←": .left,
        "right": .right, "→": .right, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown,
        "pagedown": .pageDown, "home": .home, "end": .end, "enter": .enter, "return": .enter,
        "esc": .escape, "escape": .escape, "tab": .tab, "shift-tab": .backTab, "backtab": .backTab,
        "backspace": .backspace, "del": .delete, "delete": .delete,
    ]

    /// Control letters a terminal sends as another key: Ctrl-H is Backspace, Ctrl-I is Tab,
    /// Ctrl-J and Ctrl-M are Enter.
    private static let sameAsOtherKey: [Character: String] = ["h": "Backspace", "i": "Tab", "j": "Enter", "m": "Enter"]

    /// The key `name` denotes, or why it denotes none.
    public static func parse(_ name: String) -> Result<Key, KeyNameError> {
        let lower = name.lowercased()
        if let key = named[lower] { return .success(key) }
        if name.count == 1, let character = name.first {
            guard !character.isWhitespace, character.isASCII ? (character.asciiValue ?? 0) >= 32 : true else {
                return .failure(KeyNameError(reason: "unknown key name \"\(name)\" (write Space, Tab or Enter)"))
            }
            return .success(.char(character))
        }
        if lower.hasPrefix("ctrl-") || lower.hasPrefix("ctrl+") {
            let rest = lower.dropFirst(5)
            guard rest.count == 1, let letter = rest.first, letter.isASCII, letter.isLetter else {
                return .failure(KeyNameError(reason: "unknown key name \"\(name)\" (Ctrl goes with one letter, like Ctrl-Q)"))
            }
            if let other = sameAsOtherKey[letter] {
                return .failure(KeyNameError(reason: "\(name) is the same as \(other) in a terminal; write \(other)"))
            }
            return .success(.ctrl(letter))
        }
        return .failure(KeyNameError(
            reason: "unknown key name \"\(name)\" (a character, Ctrl-<letter>, Space, Enter, Esc, Tab, Shift-Tab, Backspace, Del, ↑/up, ↓/down, ←/left, →/right, PgUp, PgDn, Home, End)"))
    }
}
