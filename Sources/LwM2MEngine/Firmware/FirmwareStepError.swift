/// Why a firmware-update step stopped the job.
enum FirmwareStepError: Error, Sendable {
    /// The device did not answer in time: the operation goes back to PENDING and resumes on
    /// the device's next Register/Update.
    case noAnswer(String)
    /// The step failed for good: the operation FAILS with this reason.
    case failed(String)
}
