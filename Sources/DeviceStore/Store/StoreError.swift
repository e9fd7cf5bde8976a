/// A store failure explained in words an operator understands (what failed and why).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The human-readable explanation.
    public let message: String

    /// Creates an error with the given explanation.
    public init(_ message: String) {
        self.message = message
    }

    /// The explanation, so `print(error)` shows something useful.
    public var description: String { message }
}
