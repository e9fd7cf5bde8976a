/// How far a firmware-update job got, kept across its attempts (and engine restarts, in the
/// store) so a job that timed out after delivering the image resumes at Update instead of
/// sending the image again.
enum FirmwarePhase: String, Sendable, Equatable {
    /// The device reported DOWNLOADED.
    case delivered
    /// Update (/5/0/2) was executed.
    case updating
}
