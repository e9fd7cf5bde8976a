import Foundation
import GRDB

/// Imports a bulk-registration CSV file into the store (SPEC §2). Streams the file: one record
/// in memory at a time, duplicates inside the file found through the store (each device row
/// remembers the import and line that last wrote it). All good rows go in one transaction; a
/// crash, a kill or a file-level error leaves the store as it was.
public struct BulkImporter: Sendable {
    private let store: DeviceStore

    /// An importer writing to `store`.
    public init(store: DeviceStore) {
        self.store = store
    }

    /// Imports `path` with `options`. `onRow` sees every data row's result as it is decided
    /// (for progress and `--json` output); results of a dry run or of an import that later
    /// fails as a whole are not written. Throws `ImportFileError` when the file cannot be
    /// imported at all; then nothing changed.
    @discardableResult
    public func run(
        file path: String, options: ImportOptions = ImportOptions(),
        onRow: (ImportRowResult) -> Void = { _ in }
    ) throws -> ImportReport {
        let tenant = options.tenant.trimmingCharacters(in: .whitespaces)
        guard !tenant.isEmpty else { throw ImportFileError("the tenant name is empty") }
        let reader: CSVReader
        let header: ImportHeader
        do {
            reader = try CSVReader(path: path)
            guard let headerRecord = try reader.readHeader() else {
                throw ImportFileError("\(path) is empty: expected a header line and device rows")
            }
            header = try ImportHeader(record: headerRecord)
        } catch let error as CSVFormatError {
            throw ImportFileError(error.message)
        } catch let error as StoreError {
            throw ImportFileError(error.message)
        }
        let failedRows = try options.failedRowsPath.map { failedPath in
            let writer = try CSVWriter(path: failedPath, separator: reader.separator)
            try writer.write(header.names + ["failureReason"])
            return writer
        }
        do {
            return try withoutActuallyEscaping(onRow) { onRow in
                try run(
                    path: path, options: options, tenant: tenant, reader: reader, header: header,
                    failedRows: failedRows, onRow: onRow)
            }
        } catch {
            // Nothing was imported, so a half-written failed-rows file would only mislead.
            if let failedPath = options.failedRowsPath { try? FileManager.default.removeItem(atPath: failedPath) }
            throw error
        }
    }

    private func run(
        path: String, options: ImportOptions, tenant: String, reader: CSVReader, header: ImportHeader,
        failedRows: CSVWriter?, onRow: @escaping (ImportRowResult) -> Void
    ) throws -> ImportReport {
        var session = ImportSession(
            store: store, tenant: tenant, options: options, header: header, failedRows: failedRows, onRow: onRow)
        do {
            try store.pool.writeWithoutTransaction { db in
                // A large page cache while importing: the whole transaction's index pages stay
                // in memory instead of spilling to the WAL and being re-read (bounded: 64 MB).
                try db.execute(sql: "PRAGMA cache_size = -65536")
                defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
                // The session's statements belong to this connection: finalize them on its queue.
                defer { session.end() }
                try db.inTransaction(.immediate) {
                    try session.begin(db, file: path)
                    while let record = try reader.next() { try session.process(record, db) }
                    guard session.all > 0 else {
                        throw ImportFileError("\(path) has a header but no device rows")
                    }
                    try session.finish(db)
                    return options.dryRun ? .rollback : .commit
                }
            }
            try failedRows?.flush()
        } catch let error as CSVFormatError {
            throw ImportFileError(error.message)
        } catch let error as DatabaseError {
            throw ImportFileError("the import was rolled back: database error: \(error.message ?? error.description)")
        }
        let separatorName =
            switch reader.separator {
            case .tab: "tab"
            case .semicolon: ";"
            case .comma: ","
            }
        return ImportReport(
            layout: header.layout, separator: separatorName, dryRun: options.dryRun, all: session.all,
            created: session.created, updated: session.updated, failed: session.failed, warnings: session.warnings,
            attentionRows: session.attentionRows)
    }
}
