/// A typed shell command: what the engine sends to the device.
public enum ShellCommand: Hashable, Sendable {
    /// Read (GET) a path.
    case read(LwM2MPath)
    /// Read-Composite (FETCH) of several paths.
    case compositeRead([LwM2MPath])
    /// Observe a path.
    case observe(LwM2MPath)
    /// Observe-Composite of several paths.
    case compositeObserve([LwM2MPath])
    /// Execute a resource with arguments (may be empty).
    case execute(LwM2MPath, arguments: [ExecuteArgument])
    /// Execute with a free-text payload (pre-1.0 style devices).
    case executeLegacy(LwM2MPath, payload: String)
    /// Write (replace, PUT) the values at a resource, resource instance or object instance.
    case write(LwM2MPath, LwM2MNodes)
    /// Write-Composite (iPATCH) of resources anywhere on the device.
    case compositeWrite(LwM2MNodes)
    /// Partial update (POST) of an object instance or multiple-instance resource.
    case partialWrite(LwM2MPath, LwM2MNodes)
    /// Write raw bytes (opaque) to a resource.
    case binaryWrite(LwM2MPath, [UInt8])
    /// Cancel an observation passively: answer the next notification with RST.
    case cancelObservation(LwM2MPath)
    /// Cancel an observation actively: GET with Observe=1.
    case cancelObserve(LwM2MPath)
    /// Cancel a composite observation.
    case cancelCompositeObserve([LwM2MPath])
    /// Delete an object instance (or resource instance).
    case delete(LwM2MPath)
    /// Discover the attributes and resources under a path.
    case discover(LwM2MPath)
    /// Create an object instance.
    case create(CreateRequest)
    /// Write-Attributes.
    case writeAttributes(LwM2MPath, NotificationAttributes)
    /// Start a firmware update from the repository entry or URL.
    case firmwareUpdate(FirmwareUpdateRequest)
    /// Set the content format the console uses for this device.
    case serialization(SerializationSetting)
    /// A raw CoAP request.
    case coap(RawCoAPRequest)

    /// The verb this command was written with (for cancel observation variants, the exact one).
    public var verb: ShellVerb {
        switch self {
        case .read: .read
        case .compositeRead: .cread
        case .observe: .observe
        case .compositeObserve: .cobserve
        case .execute: .execute
        case .executeLegacy: .executelegacy
        case .write: .write
        case .compositeWrite: .cwrite
        case .partialWrite: .writep
        case .binaryWrite: .writeb
        case .cancelObservation: .cancelobservation
        case .cancelObserve: .cancelobserve
        case .cancelCompositeObserve: .cancelCompositeObserve
        case .delete: .delete
        case .discover: .discover
        case .create: .create
        case .writeAttributes: .writeattr
        case .firmwareUpdate: .fwupdate
        case .serialization: .serialization
        case .coap: .coap
        }
    }
}
