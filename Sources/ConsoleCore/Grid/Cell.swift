/// One terminal cell: the grapheme drawn there and its style role.
///
/// A wide character occupies two cells: the first holds the text, the second is a
/// continuation cell with empty text that the backend must not draw over.
public struct Cell: Sendable, Equatable, Hashable {
    /// The grapheme shown in this cell ("" for the right half of a wide character).
    public var text: String
    /// The style role the cell is drawn with.
    public var role: StyleRole

    /// A blank cell in the plain text role.
    public static let blank = Cell(text: " ", role: .text)

    /// Creates a cell holding `text` drawn with `role`.
    public init(text: String, role: StyleRole) {
        self.text = text
        self.role = role
    }

    /// True for the right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }
}
