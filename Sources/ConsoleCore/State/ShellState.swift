public import Foundation

/// The Shell pane: input line, history and the requests it sent.
public struct ShellState: Sendable, Equatable {
    /// The input line.
    public var input = LineEditor()
    /// Lines entered before.
    public var history = LineHistory()
    /// Requests, oldest first.
    public var requests: [ShellRequest] = []
    /// Next request number.
    public var nextID = 1
    /// Seconds a request may wait when the line has no `--timeout`.
    public var defaultTimeout: TimeInterval = 30

    /// Creates an empty shell.
    public init() {}

    /// Requests still waiting for an answer.
    public var outstanding: [ShellRequest] { requests.filter(\.isOutstanding) }
}
