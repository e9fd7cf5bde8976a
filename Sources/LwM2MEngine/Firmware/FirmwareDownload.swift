/// One PULL download the engine serves: the image of one running job at its own unguessable
/// path, on the transport of that job's device only.
struct FirmwareDownload: Sendable {
    /// What the route calls after serving a block: a progress text for the job's operation.
    typealias Progress = @Sendable (_ text: String) async -> Void

    /// The operation whose job serves it.
    var operation: OperationID
    /// The image (the shared copy of `FirmwareImages`).
    var image: [UInt8]
    /// True when it is served on the DTLS port only (a PSK device), else on the plain port only.
    var secure: Bool
    /// The job's device: on the DTLS port only its own PSK identities are served.
    var device: DeviceRef
    /// PSK identities already checked to be the device's (a store lookup once per identity).
    var verifiedIdentities: Set<String> = []
    /// Reports per-block progress.
    var progress: Progress
    /// The last percentage reported and when (progress at most every 10 % or second).
    var lastPercent = -1
    var lastReport: ContinuousClock.Instant?

    /// A 128-bit random token in hex, the path segment under `/fw/` (the system CSPRNG).
    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Whether block `number` of `total` (1-based) is worth a progress report now, and its text.
    mutating func progressText(block number: Int, of total: Int, now: ContinuousClock.Instant) -> String? {
        let percent = total == 0 ? 100 : number * 100 / total
        let due = number == total || percent / 10 != lastPercent / 10 || lastReport.map { now - $0 >= .seconds(1) } ?? true
        guard due else { return nil }
        lastPercent = percent
        lastReport = now
        return "PULL block \(number)/\(total) (\(percent)%)"
    }
}
