/// A change in a shell request's life reported by the engine.
public enum ShellUpdate: Sendable, Equatable {
    /// Queued, waiting for the device (e.g. asleep).
    case pending(reason: String)
    /// Sent to the device.
    case executing
    /// Progress of a multi-step operation while it executes (fwupdate).
    case progress(String)
    /// Answered.
    case completed(ShellResult)
    /// The engine gave up waiting.
    case timedOut
    /// Refused or failed before an answer (parse error, unknown device…).
    case failed(String)
}
