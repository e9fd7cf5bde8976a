/// A CSV file the reader cannot read: where (line, column number) and why.
struct CSVFormatError: Error, Sendable, Equatable {
    /// The line of the file (1-based).
    let line: Int
    /// The column number (1-based), when the problem is in one cell.
    let column: Int?
    /// What is wrong.
    let reason: String

    /// "line 3, column 2: reason" / "line 3: reason".
    var message: String {
        "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + reason
    }
}
