/// One unit read from a control connection by `ControlLineDecoder`.
enum ControlFrame: Sendable, Equatable {
    /// A complete line, without its line break.
    case line(String)
    /// A line longer than the limit began; its bytes up to the next line break are dropped.
    case oversized(limit: Int)
}
