import ConsoleCore
import DeviceStore
import Foundation

extension StoreEngineRunner {
    /// Runs the importer (dry run or real), posting progress, and writes the failed rows next to the file.
    func runImport(path: String, dryRun: Bool, tenant: String, post: @escaping @Sendable (Action) -> Void) async {
        let expanded = path.hasPrefix("~/") ? NSHomeDirectory() + path.dropFirst(1) : path
        let total = Self.dataLines(expanded)
        let failedPath = expanded + ".failed.csv"
        let started = Date()
        var done = 0
        var errors = 0
        var lastPost = Date.distantPast
        let options = ImportOptions(tenant: tenant, dryRun: dryRun, failedRowsPath: dryRun ? nil : failedPath)
        let report: ImportReport
        do {
            report = try BulkImporter(store: store).run(file: expanded, options: options) { row in
                done += 1
                if row.status == .failed { errors += 1 }
                // Progress at most ~20 times a second: the importer does tens of thousands of rows a second.
                if !dryRun, Date().timeIntervalSince(lastPost) >= 0.05 {
                    lastPost = Date()
                    post(.importProgress(ImportProgress(done: done, total: max(total, done), errors: errors, startedAt: started)))
                }
            }
        } catch {
            return post(.importFailed(Self.message(error)))
        }
        let failed = report.attentionRows.filter { $0.status == .failed }.map {
            ImportRowError(line: $0.line, reason: $0.reason ?? "refused")
        }
        if dryRun {
            return post(.importChecked(path: path, ImportSummary(rows: report.all, valid: report.created + report.updated, errors: failed)))
        }
        forgetTotal()
        post(.importProgress(ImportProgress(done: report.all, total: report.all, errors: report.failed, startedAt: started)))
        if report.failed == 0 { try? FileManager.default.removeItem(atPath: failedPath) }
        if let failure = await reloadEngineKeys() {
            post(.failed("Imported, but the engine could not reload its keys: \(failure)"))
        }
        post(.importFinished(ImportOutcome(imported: report.created + report.updated, failed: failed, failedRowsPath: report.failed > 0 ? failedPath : nil)))
    }

    /// Data lines in a file (for the progress bar's total; quoted line breaks make it an estimate).
    static func dataLines(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        let newlines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let trailing = data.last == 0x0A ? 0 : 1
        return max(0, newlines + trailing - 1)
    }
}
