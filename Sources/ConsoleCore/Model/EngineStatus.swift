/// The engine's state for the header line.
public struct EngineStatus: Sendable, Equatable {
    /// Whether the engine runs.
    public var state: State
    /// Listening ports text, e.g. "5783/5784 bs 5683/5684".
    public var ports: String
    /// Total devices in the current tenant.
    public var deviceCount: Int
    /// Devices online now.
    public var onlineCount: Int

    /// Engine run state.
    public enum State: String, Sendable, Equatable {
        /// Starting its endpoints.
        case starting
        /// Running in this process.
        case up
        /// Not running.
        case down
        /// Running in `serve`, reached over the control socket.
        case attached
    }

    /// Creates a status.
    public init(state: State, ports: String = "", deviceCount: Int = 0, onlineCount: Int = 0) {
        self.state = state
        self.ports = ports
        self.deviceCount = deviceCount
        self.onlineCount = onlineCount
    }
}
