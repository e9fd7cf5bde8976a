/// Where an operation is in its lifecycle (SPEC §5).
public enum OperationStatus: String, Sendable, Codable, CaseIterable {
    /// Queued, waiting for the device to be reachable (also after a timeout, until retries run out).
    case pending = "PENDING"
    /// Sent; waiting for the device's final answer.
    case executing = "EXECUTING"
    /// The device answered 2.xx.
    case successful = "SUCCESSFUL"
    /// The device answered 4.xx/5.xx, retries ran out, it was cancelled, or it was stuck.
    case failed = "FAILED"

    /// True once the operation can no longer change.
    public var isFinal: Bool { self == .successful || self == .failed }
}
