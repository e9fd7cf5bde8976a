import ArgumentParser
import DeviceStore
import Foundation

/// `lwm2m-console import FILE`: bulk-registers devices from a Cumulocity-style CSV file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import devices from a bulk-registration CSV file.",
        discussion: """
            Accepts the classic layout (ID, IDTYPE, CREDENTIALS, NAME, TYPE, SHELL, com_cumulocity_model_Agent, \
            endpoint id, lwm2m server uri, securityMode, ...) and the LwM2M-only layout (endpoint id, securityMode, ...), \
            separated by tab, ';' or ','. All good rows are written in one transaction. Exits 1 when any row failed.
            """)

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"))
    var file: String

    @OptionGroup var tenantOption: TenantOption

    @Flag(help: "Validate and show what would change, without writing anything.")
    var dryRun = false

    @Flag(help: "Refuse rows whose ID already exists in the tenant instead of updating them.")
    var createOnly = false

    @Option(help: ArgumentHelp("Write the failed rows with a failureReason column to this CSV file.", valueName: "path"))
    var failedRows: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    /// One row of the `--json` output (`id` and `reason` are null rather than absent).
    private struct JSONRow: Encodable {
        let line: Int
        let id: String?
        let status: String
        let reason: String?

        private enum CodingKeys: String, CodingKey {
            case line, id, status, reason
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(id, forKey: .id)
            try container.encode(status, forKey: .status)
            try container.encode(reason, forKey: .reason)
        }
    }

    private struct JSONReport: Encodable {
        let all: Int
        let created: Int
        let updated: Int
        let failed: Int
        let warnings: Int
        let dryRun: Bool
        /// What the engine serving the data directory did: `reloaded`, `no engine`, `failed: …`
        /// (null on a dry run or when nothing was written).
        let engine: String?
        let rows: [JSONRow]

        private enum CodingKeys: String, CodingKey {
            case all, created, updated, failed, warnings, dryRun, engine, rows
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(all, forKey: .all)
            try container.encode(created, forKey: .created)
            try container.encode(updated, forKey: .updated)
            try container.encode(failed, forKey: .failed)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(dryRun, forKey: .dryRun)
            try container.encode(engine, forKey: .engine)
            try container.encode(rows, forKey: .rows)
        }
    }

    func run() throws {
        var anyFailed = false
        try failingWithStatus1 {
            let store = try storeOptions.openStore()
            let options = ImportOptions(
                tenant: tenantOption.tenant, dryRun: dryRun, createOnly: createOnly, failedRowsPath: failedRows)
            var rows: [JSONRow] = []
            var changes: [ImportRowResult] = []  // a dry run shows the first rows it would write
            var moreChanges = 0
            let report: ImportReport
            do {
                report = try BulkImporter(store: store).run(file: file, options: options) { result in
                    if json {
                        rows.append(
                            JSONRow(line: result.line, id: result.id, status: result.status.rawValue, reason: result.reason))
                    } else if dryRun, result.status != .failed {
                        if changes.count < Self.dryRunListLimit { changes.append(result) } else { moreChanges += 1 }
                    }
                }
            } catch let error as ImportFileError {
                throw CommandFailure("\(file): \(error.message)")
            }
            anyFailed = report.failed > 0
            // New or changed keys are served at once when an engine runs (it loaded its keys at start).
            let wrote = !report.dryRun && report.created + report.updated > 0
            let directory = try storeOptions.resolvedDirectory()
            let reload = wrote ? RunningEngineKeyReload.run(dataDirectory: directory) : nil
            if json {
                try JSONOutput.print(
                    JSONReport(
                        all: report.all, created: report.created, updated: report.updated, failed: report.failed,
                        warnings: report.warnings, dryRun: report.dryRun, engine: reload.map(RunningEngineKeyReload.jsonValue),
                        rows: rows))
            } else {
                printHuman(report, changes: changes, moreChanges: moreChanges)
            }
            if let reload { RunningEngineKeyReload.report(reload, dataDirectory: directory, quiet: json) }
        }
        if anyFailed { throw ExitCode.failure }
    }

    /// How many would-be changes a human-readable dry run lists (`--json` lists all).
    static let dryRunListLimit = 100

    private func printHuman(_ report: ImportReport, changes: [ImportRowResult], moreChanges: Int) {
        let layout = report.layout == .classic ? "classic" : "LwM2M-only"
        let verb = report.dryRun ? "Dry run of" : "Imported"
        print("\(verb) \(file) into tenant \(tenantOption.tenant) (\(layout) layout, separator \(report.separator))")
        let would = report.dryRun ? "would be " : ""
        print(
            "all \(report.all), \(would)created \(report.created), \(would)updated \(report.updated), "
                + "failed \(report.failed), warnings \(report.warnings)")
        for row in report.attentionRows {
            for issue in row.issues {
                print("line \(row.line), column \(issue.field ?? "-"): \(issue.message)")
            }
            for warning in row.warnings {
                print("line \(row.line), column \(warning.field ?? "-"): warning: \(warning.message)")
            }
        }
        for change in changes {
            let verb = change.status == .created ? "would create" : "would update"
            print("line \(change.line): \(verb) \(change.id ?? "-")")
        }
        if moreChanges > 0 { print("… and \(moreChanges) more (use --json for the full list)") }
        if report.dryRun { print("Dry run: nothing was written.") }
        if let failedRows, report.failed > 0 { print("Failed rows written to \(failedRows)") }
    }
}
