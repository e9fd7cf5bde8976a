/// Why the control socket or the data-directory lock could not be set up or reached; the message
/// names the path (and the PID holding the lock, when known) so an operator can act on it.
public struct ControlSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in words an operator understands.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
