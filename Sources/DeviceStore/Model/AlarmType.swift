/// The alarm types the console raises (SPEC §9); the engine may use others.
public enum AlarmType {
    /// An endpoint imported into a second tenant.
    public static let duplicateEndpoint = "lwm2m_DuplicateEndpoint"
    /// A device stopped answering.
    public static let unavailable = "c8y_UnavailabilityAlarm"
    /// A bootstrap exchange failed.
    public static let bootstrapFailed = "lwm2m_BootstrapFailed"
    /// A registration was refused (security mismatch).
    public static let registrationRefused = "lwm2m_RegistrationRefused"
    /// A firmware update failed.
    public static let firmwareFailed = "lwm2m_FirmwareUpdateFailed"
    /// A device's operation queue is full.
    public static let operationQueueFull = "lwm2m_OperationQueueFull"
}
