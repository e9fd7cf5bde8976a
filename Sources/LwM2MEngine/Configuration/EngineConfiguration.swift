public import CoAP

/// Everything the engine is started with (SPEC §9 defaults); ports 0 pick free ports (tests).
public struct EngineConfiguration: Sendable {
    /// The address the four endpoints bind to.
    public var bindAddress = "0.0.0.0"
    /// Bootstrap server, plain CoAP.
    public var bootstrapPort = 5683
    /// Bootstrap server, DTLS.
    public var bootstrapDTLSPort = 5684
    /// LwM2M server, plain CoAP.
    public var serverPort = 5783
    /// LwM2M server, DTLS.
    public var serverDTLSPort = 5784
    /// The request timeout when neither the command nor the device sets one.
    public var requestTimeout: Duration = .milliseconds(180_000)
    /// The smallest request timeout.
    public var minimumRequestTimeout: Duration = .milliseconds(10_000)
    /// The largest request timeout.
    public var maximumRequestTimeout: Duration = .milliseconds(600_000)
    /// How long a device stays reachable after Register/Update when neither the device's
    /// parameters nor the client say (0 = always online).
    public var awakeTime: Duration = .zero
    /// The registration lifetime the bootstrap writes when the device's parameters set none (s).
    public var defaultLifetime: Int64 = 432_000
    /// Time after the lifetime before a silent device goes offline.
    public var grace: Duration = .seconds(14_400)
    /// Unfinished operations per device.
    public var queueLimit = 1000
    /// Attempts per operation before it FAILS (timeouts put it back to PENDING until then).
    public var retryLimit = 3
    /// Firmware-update jobs running at once; further `fwupdate` operations wait PENDING in
    /// order and start as others end.
    public var maxConcurrentFirmwareJobs = 50
    /// An operation EXECUTING longer than this is failed whatever happens.
    public var stuckExecutingLimit: Duration = .seconds(3600)
    /// How long each bootstrap step waits for the device's answer.
    public var bootstrapStepTimeout: Duration = .seconds(30)
    /// The LwM2M versions the server accepts in Register (others get 4.12).
    public var supportedVersions: Set<String> = ["1.0", "1.1"]
    /// The bootstrap server URI written when a device has `generateBootstrapServerConfig`;
    /// nil derives it from the bind address and the bootstrap ports.
    public var bootstrapServerURI: String?
    /// How often batched store writes are flushed.
    public var flushInterval: Duration = .milliseconds(200)
    /// How often, at most, the registrations file is rewritten (it holds all registrations).
    public var registrationSnapshotInterval: Duration = .seconds(5)
    /// How often expiry, awake windows and stuck operations are checked.
    public var housekeepingInterval: Duration = .milliseconds(250)
    /// Events buffered per subscriber before the oldest are dropped.
    public var eventBufferSize = 4096
    /// The CoAP settings of the four endpoints.
    public var coap = CoAPConfiguration()

    /// Creates the SPEC defaults.
    public init() {}

    /// The timeout policy these settings give.
    public var timeoutPolicy: RequestTimeoutPolicy {
        RequestTimeoutPolicy(defaultTimeout: requestTimeout, minimum: minimumRequestTimeout, maximum: maximumRequestTimeout)
    }
}
