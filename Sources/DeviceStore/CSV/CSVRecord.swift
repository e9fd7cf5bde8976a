/// One CSV record: its cells and the line of the file it starts on (1-based).
struct CSVRecord: Sendable, Equatable {
    /// The line the record starts on (a quoted cell may span several lines).
    let line: Int
    /// The cells, decoded as UTF-8, quotes removed.
    let fields: [String]
}
