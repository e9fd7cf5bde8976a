/// The terminal's size in columns and rows.
public struct TerminalSize: Sendable, Equatable, Hashable {
    /// Columns.
    public var columns: Int
    /// Rows.
    public var rows: Int

    /// Creates a size.
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// The smallest size the full layout supports.
    public static let minimum = TerminalSize(columns: 80, rows: 24)

    /// True when the full layout fits.
    public var fitsLayout: Bool { columns >= Self.minimum.columns && rows >= Self.minimum.rows }
}
