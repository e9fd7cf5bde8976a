/// The outcome of a bulk import: counts and the rows that need the operator's attention.
public struct ImportReport: Sendable, Equatable {
    /// The header layout the file used.
    public enum Layout: String, Sendable, Codable {
        /// `ID, IDTYPE, CREDENTIALS, NAME, TYPE, SHELL, …` (the seed's layout).
        case classic
        /// `endpoint id, securityMode, …` (ID and NAME default to the endpoint).
        case lwm2mOnly = "lwm2m-only"
    }

    /// The detected layout.
    public var layout: Layout
    /// The detected separator: "tab", ";" or ",".
    public var separator: String
    /// True when nothing was written (a dry run).
    public var dryRun: Bool
    /// Data rows read (blank lines not counted).
    public var all: Int
    /// Devices created (or that would be).
    public var created: Int
    /// Devices updated (or that would be).
    public var updated: Int
    /// Rows refused.
    public var failed: Int
    /// Warnings over all rows.
    public var warnings: Int
    /// The failed rows and the rows with warnings, in file order.
    public var attentionRows: [ImportRowResult]

    /// Creates a report.
    public init(
        layout: Layout, separator: String, dryRun: Bool, all: Int, created: Int, updated: Int, failed: Int,
        warnings: Int, attentionRows: [ImportRowResult]
    ) {
        self.layout = layout
        self.separator = separator
        self.dryRun = dryRun
        self.all = all
        self.created = created
        self.updated = updated
        self.failed = failed
        self.warnings = warnings
        self.attentionRows = attentionRows
    }
}
