/// Why a command line was refused.
public struct CommandLineError: Error, Sendable, Equatable {
    /// Message for the operator.
    public var message: String
}
