/// The import overlay's steps: prompt, dry run, summary, progress, result.
public enum ImportFlow: Sendable, Equatable {
    /// Asking for the CSV path.
    case prompt(LineEditor)
    /// Dry run under way.
    case checking(path: String)
    /// Dry run done; Enter imports.
    case summary(path: String, ImportSummary)
    /// Import under way.
    case running(path: String, ImportProgress?)
    /// Import finished.
    case finished(ImportOutcome)
    /// Import could not run.
    case failed(String)
}
