/// Why a simulated device could not do a lifecycle step, in words a user understands.
public struct SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The device's endpoint name (empty when not about one device).
    public var endpoint: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(endpoint: String = "", _ message: String) {
        self.endpoint = endpoint
        self.message = message
    }

    public var description: String { endpoint.isEmpty ? message : "\(endpoint): \(message)" }
}
