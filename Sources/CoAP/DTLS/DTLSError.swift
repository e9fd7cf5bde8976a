/// A DTLS layer could not be set up (bad priority string, GnuTLS failure, bad credentials).
public struct DTLSError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for a user.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
