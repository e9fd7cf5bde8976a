/// What is being completed; the runner answers with candidates (the completion hook).
public enum CompletionContext: Sendable, Equatable, Hashable {
    /// A shell line for a device (verbs, paths, resource names).
    case shell(deviceID: String?)
    /// A file path (import prompt, `:import`).
    case path
}

/// Completes `prefix` to the longest common prefix of `candidates`.
public enum CompletionMerge {
    /// The longest common prefix of the candidates (empty for none).
    public static func commonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
