/// A firmware failure a simulated device pretends to have (`simulate --firmware-fail …`).
public enum FirmwareFailure: String, Sendable, CaseIterable {
    /// The image fails the integrity check after delivery: back to IDLE, result 5.
    case integrity
    /// The download (PULL) loses its connection: back to IDLE, result 4.
    case download
    /// Installing fails: back to DOWNLOADED, result 8.
    case update
}
