/// Why the engine refused a request from the console or the CLI; the message is for the operator.
public struct EngineError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// What went wrong, in words an operator understands.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
