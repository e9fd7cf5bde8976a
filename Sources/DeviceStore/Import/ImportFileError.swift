/// A file the importer cannot import at all (unreadable, empty, bad header, not UTF-8 CSV).
/// Nothing is written when it is thrown.
public struct ImportFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and where ("line 3, column 2: …" when it is at one place).
    public let message: String

    /// Creates the error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
