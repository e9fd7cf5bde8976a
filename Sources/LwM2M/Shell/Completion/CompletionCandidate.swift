/// One completion offered for the word being typed.
public struct CompletionCandidate: Hashable, Sendable {
    /// The full word to put in place of the word being typed.
    public var text: String
    /// A hint shown next to it (a verb's summary, a resource's name and type).
    public var description: String?
    /// What kind of word it is.
    public var kind: Kind
    /// The character offset in the input where the replaced word starts.
    public var replacementStart: Int

    /// Creates a candidate.
    public init(text: String, description: String?, kind: Kind, replacementStart: Int) {
        self.text = text
        self.description = description
        self.kind = kind
        self.replacementStart = replacementStart
    }

    /// The kinds of completions.
    public enum Kind: Hashable, Sendable {
        /// A command verb.
        case verb
        /// An LwM2M path.
        case path
        /// An option such as `--timeout`.
        case option
        /// An argument value (attribute name, format, duration).
        case value
    }
}
