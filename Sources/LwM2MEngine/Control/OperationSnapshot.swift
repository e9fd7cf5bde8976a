public import Foundation

/// What the console and the CLI see of one operation at one moment.
public struct OperationSnapshot: Sendable, Equatable, Codable, Identifiable {
    /// The operation's ID.
    public var id: OperationID
    /// The device it is for.
    public var device: DeviceRef
    /// The shell line it came from, as typed.
    public var line: String
    /// Where it is in its lifecycle.
    public var status: OperationStatus
    /// How many times it has been sent.
    public var attempts: Int
    /// The timeout of each attempt, in ms (after the policy's clamp).
    public var timeoutMs: Int
    /// When it was submitted.
    public var createdAt: Date
    /// When the current or last attempt was sent.
    public var sentAt: Date?
    /// When it reached SUCCESSFUL or FAILED.
    public var finishedAt: Date?
    /// The device's CoAP response code, e.g. `2.05 Content`.
    public var responseCode: String?
    /// The response's content format number, if it had a payload.
    public var contentFormat: UInt16?
    /// Round-trip time of the answered attempt, in ms.
    public var roundTripMs: Int?
    /// The decoded result, one human-readable line per value (`/3/0/0 Manufacturer = "Acme"`).
    public var resultLines: [String]
    /// Why it failed (FAILED only), or why it went back to PENDING (a timeout).
    public var failureReason: String?
    /// True when the device's answer arrived after this attempt had timed out.
    public var late: Bool
    /// What a multi-step operation (fwupdate) is doing now, e.g. `PUSH block 12/48 (25%)`.
    public var progress: String?

    /// Creates a snapshot.
    public init(
        id: OperationID, device: DeviceRef, line: String, status: OperationStatus, attempts: Int = 0,
        timeoutMs: Int, createdAt: Date, sentAt: Date? = nil, finishedAt: Date? = nil,
        responseCode: String? = nil, contentFormat: UInt16? = nil, roundTripMs: Int? = nil,
        resultLines: [String] = [], failureReason: String? = nil, late: Bool = false, progress: String? = nil
    ) {
        self.id = id
        self.device = device
        self.line = line
        self.status = status
        self.attempts = attempts
        self.timeoutMs = timeoutMs
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.finishedAt = finishedAt
        self.responseCode = responseCode
        self.contentFormat = contentFormat
        self.roundTripMs = roundTripMs
        self.resultLines = resultLines
        self.failureReason = failureReason
        self.late = late
        self.progress = progress
    }
}

extension OperationSnapshot {
    /// The one-line text of the event this snapshot is stored as ("operation 7 'read /3/0/0': SUCCESSFUL").
    public var eventText: String {
        "operation \(id) '\(line)': \(status.rawValue)" + (failureReason.map { " (\($0))" } ?? "")
    }
}
