import LwM2M

/// A dispatched `fwupdate` waiting for a free job slot (`maxConcurrentFirmwareJobs`).
struct FirmwareWaitingJob: Sendable {
    /// The device.
    var device: DeviceRef
    /// The operation and the attempt it was dispatched as.
    var operation: QueuedOperation<ShellRequest>
    /// What to install.
    var request: FirmwareUpdateRequest
}
