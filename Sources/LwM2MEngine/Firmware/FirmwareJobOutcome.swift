/// How a firmware-update job ended.
enum FirmwareJobOutcome: Sendable {
    /// Updated; the result lines (new version read from /3/0/3).
    case success([String])
    /// Failed at a step, with the reason.
    case failure(String)
    /// A step got no answer (the step's name).
    case noAnswer(String)
}
