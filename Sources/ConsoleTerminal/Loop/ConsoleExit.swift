/// How the console session ended.
public enum ConsoleExit: Sendable, Equatable {
    /// The operator quit.
    case quit
    /// A terminating signal (SIGINT, SIGTERM, SIGHUP) arrived.
    case signal(Int32)
}
