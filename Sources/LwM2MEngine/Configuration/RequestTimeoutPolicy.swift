/// How long the engine waits for a device's final answer to one request (SPEC §5): the
/// command's `--timeout`, else the device's `lwm2mRequestTimeout`, else the global default,
/// always clamped to [minimum, maximum].
public struct RequestTimeoutPolicy: Sendable, Equatable {
    /// The global default (180 000 ms unless configured).
    public var defaultTimeout: Duration
    /// The smallest timeout any request gets (10 000 ms unless configured).
    public var minimum: Duration
    /// The largest timeout any request gets (600 000 ms unless configured).
    public var maximum: Duration

    /// Creates a policy; `minimum` and `maximum` are swapped if given the wrong way round.
    public init(
        defaultTimeout: Duration = .milliseconds(180_000),
        minimum: Duration = .milliseconds(10_000),
        maximum: Duration = .milliseconds(600_000)
    ) {
        self.defaultTimeout = defaultTimeout
        self.minimum = min(minimum, maximum)
        self.maximum = max(minimum, maximum)
    }

    /// The timeout for one request.
    public func timeout(command: Duration?, device: Duration?) -> Duration {
        let wanted = command ?? device ?? defaultTimeout
        return min(max(wanted, minimum), maximum)
    }
}
