/// A link-format document that does not parse: where (byte offset) and why.
public struct CoRELinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset in the UTF-8 text where parsing failed.
    public var offset: Int
    /// Why the text is not link format.
    public var reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// The error as one line for people.
    public var description: String { "invalid link format at byte \(offset): \(reason)" }
}
