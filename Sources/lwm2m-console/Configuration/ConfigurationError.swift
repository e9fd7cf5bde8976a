/// A configuration refused: the message names where (`file:line:`, the environment variable or
/// the flag) and why.
struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and where.
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
