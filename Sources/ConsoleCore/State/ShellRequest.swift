public import Foundation

/// One request typed in the shell and its life.
public struct ShellRequest: Sendable, Equatable {
    /// Request number, unique in the session.
    public var id: Int
    /// Device the request is for.
    public var deviceID: String
    /// Device endpoint, for display.
    public var endpoint: String
    /// The line as typed.
    public var line: String
    /// How long to wait before showing a timeout.
    public var timeout: TimeInterval
    /// When it was submitted.
    public var submittedAt: Date
    /// Where it is now.
    public var phase: ShellPhase
    /// True once it timed out (a later answer is then late).
    public var timedOut = false
    /// An answer that arrived after the timeout.
    public var lateResult: ShellResult?
    /// What a multi-step operation (fwupdate) is doing while EXECUTING, e.g. `PUSH block 12/48 (25%)`.
    public var progress: String?

    /// True while waiting (pending or executing).
    public var isOutstanding: Bool {
        switch phase {
        case .pending, .executing: true
        default: false
        }
    }
}

/// The phase of a shell request.
public enum ShellPhase: Sendable, Equatable {
    /// Queued by the engine (device asleep or busy).
    case pending(reason: String)
    /// Sent; waiting since the date.
    case executing(since: Date)
    /// Answered.
    case done(ShellResult)
    /// No answer in time.
    case timedOut(at: Date)
    /// Refused or failed.
    case failed(String)
}
