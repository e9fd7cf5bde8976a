/// A one-line text input with a cursor (filter, command line, shell, form fields).
public struct LineEditor: Sendable, Equatable {
    /// The text.
    public private(set) var text: String
    /// Cursor position in characters.
    public private(set) var cursor: Int

    /// Creates an editor holding `text` with the cursor at the end.
    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Applies an editing key; returns false if the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let character):
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(character, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            text = ""
            cursor = 0
        default: return false
        }
        return true
    }

    /// Replaces the text and puts the cursor at the end.
    public mutating func set(_ newText: String) {
        text = newText
        cursor = newText.count
    }
}
