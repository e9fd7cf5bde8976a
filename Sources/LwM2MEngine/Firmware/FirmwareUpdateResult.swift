/// The meaning of a Firmware Update result code (/5/0/5, LwM2M 1.1 Core E.6).
enum FirmwareUpdateResult {
    /// A sentence for an operator, e.g. `5 (integrity check failure for the new package)`.
    static func describe(_ code: Int64) -> String {
        let meanings: [Int64: String] = [
            0: "initial value, nothing reported", 1: "firmware updated successfully",
            2: "not enough flash memory for the new package", 3: "out of RAM during the download",
            4: "connection lost during the download", 5: "integrity check failure for the new package",
            6: "unsupported package type", 7: "invalid URI", 8: "firmware update failed",
            9: "unsupported protocol", 10: "firmware update cancelled", 11: "firmware update deferred",
        ]
        return "\(code) (\(meanings[code] ?? "unknown result code"))"
    }

    /// The name of a Firmware Update state (/5/0/3).
    static func stateName(_ state: Int64) -> String {
        switch state {
        case 0: "IDLE"
        case 1: "DOWNLOADING"
        case 2: "DOWNLOADED"
        case 3: "UPDATING"
        default: "unknown state \(state)"
        }
    }
}
