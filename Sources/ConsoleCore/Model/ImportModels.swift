public import Foundation

/// One rejected row of a CSV import.
public struct ImportRowError: Sendable, Equatable, Hashable {
    /// 1-based line in the CSV file.
    public var line: Int
    /// Why the row was refused.
    public var reason: String

    /// Creates a row error.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// What a dry run found.
public struct ImportSummary: Sendable, Equatable {
    /// Data rows in the file.
    public var rows: Int
    /// Rows that would be imported.
    public var valid: Int
    /// Refused rows with reasons (may be truncated by the runner).
    public var errors: [ImportRowError]

    /// Creates a summary.
    public init(rows: Int, valid: Int, errors: [ImportRowError]) {
        self.rows = rows
        self.valid = valid
        self.errors = errors
    }
}

/// Progress of a running import.
public struct ImportProgress: Sendable, Equatable {
    /// Rows processed so far.
    public var done: Int
    /// Rows in the file.
    public var total: Int
    /// Rows refused so far.
    public var errors: Int
    /// When the import started (for the ETA).
    public var startedAt: Date

    /// Creates a progress report.
    public init(done: Int, total: Int, errors: Int, startedAt: Date) {
        self.done = done
        self.total = total
        self.errors = errors
        self.startedAt = startedAt
    }
}

/// The outcome of an import.
public struct ImportOutcome: Sendable, Equatable {
    /// Rows imported.
    public var imported: Int
    /// Rows refused.
    public var failed: [ImportRowError]
    /// Where the failed rows were written as CSV, if any failed.
    public var failedRowsPath: String?

    /// Creates an outcome.
    public init(imported: Int, failed: [ImportRowError], failedRowsPath: String?) {
        self.imported = imported
        self.failed = failed
        self.failedRowsPath = failedRowsPath
    }
}
