/// The answer to one shell request.
public struct ShellResult: Sendable, Equatable {
    /// CoAP response code and text, e.g. "2.05 Content".
    public var code: String
    /// True for a success code (2.xx).
    public var isSuccess: Bool
    /// Decoded result lines ("/3/0/0 Manufacturer = \"Acme\"").
    public var lines: [String]
    /// Round-trip time in milliseconds.
    public var milliseconds: Int

    /// Creates a result.
    public init(code: String, isSuccess: Bool, lines: [String], milliseconds: Int) {
        self.code = code
        self.isSuccess = isSuccess
        self.lines = lines
        self.milliseconds = milliseconds
    }
}

/// A change in a shell request's life reported by the engine.
public enum ShellUpdate: Sendable, Equatable {
    /// Queued, waiting for the device (e.g. asleep).
    case pending(reason: String)
    /// Sent to the device.
    case executing
    /// Answered.
    case completed(ShellResult)
    /// The engine gave up waiting.
    case timedOut
    /// Refused or failed before an answer (parse error, unknown device…).
    case failed(String)
}
