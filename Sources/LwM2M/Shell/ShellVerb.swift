/// The verbs of the shell command language (Cumulocity's LwM2M shell set), with their syntax.
public enum ShellVerb: String, Sendable, Hashable, CaseIterable {
    /// Read a path.
    case read
    /// Read several paths (Read-Composite).
    case cread
    /// Observe a path.
    case observe
    /// Observe several paths (Observe-Composite).
    case cobserve
    /// Execute a resource with LwM2M arguments.
    case execute
    /// Execute with a free-text payload.
    case executelegacy
    /// Write (replace) values.
    case write
    /// Write-Composite.
    case cwrite
    /// Partial update (POST).
    case writep
    /// Write hex bytes to an Opaque resource.
    case writeb
    /// Cancel an observation by RST on the next notification.
    case cancelobservation
    /// Cancel an observation with GET Observe=1.
    case cancelobserve
    /// Cancel a composite observation.
    case cancelCompositeObserve
    /// Delete an object instance.
    case delete
    /// Discover.
    case discover
    /// Create an object instance.
    case create
    /// Write-Attributes.
    case writeattr
    /// Firmware update.
    case fwupdate
    /// Choose the device's content format.
    case serialization
    /// Raw CoAP request.
    case coap

    /// Looks a verb up case-insensitively (`cancelcompositeobserve` works too).
    public init?(name: some StringProtocol) {
        let lowered = name.lowercased()
        guard let verb = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = verb
    }

    /// The expected syntax, shown in errors and help.
    public var syntax: String {
        switch self {
        case .read: "read /o[/i[/r[/ri]]]"
        case .cread: "cread PATH [PATH…]   (composite read, e.g. cread /3/0/0 /3/0/9)"
        case .observe: "observe /o[/i[/r[/ri]]]"
        case .cobserve: "cobserve PATH [PATH…]"
        case .execute: "execute /o/i/r [ARGS]   (ARGS per LwM2M: 0='on',1)"
        case .executelegacy: "executelegacy /o/i/r [TEXT]   (TEXT sent as it is)"
        case .write: #"write /o/i/r VALUE | write /o/i/r/ri VALUE | write /o/i/r [V,…] | write /o/i {"r":VALUE,…}"#
        case .cwrite: #"cwrite {"/o/i/r":VALUE,…}"#
        case .writep: #"writep /o/i {"r":VALUE,…} | writep /o/i/r {"ri":VALUE,…}"#
        case .writeb: "writeb /o/i/r HEX   (e.g. writeb /5/0/0 0a1b2c)"
        case .cancelobservation: "cancelobservation /o[/i[/r[/ri]]]"
        case .cancelobserve: "cancelobserve /o[/i[/r[/ri]]]"
        case .cancelCompositeObserve: "cancelCompositeObserve PATH [PATH…]"
        case .delete: "delete /o/i | delete /o/i/r/ri"
        case .discover: "discover /o[/i[/r]]"
        case .create: #"create /o [{"r":VALUE,…}] | create /o/i [{"r":VALUE,…}]"#
        case .writeattr: "writeattr PATH pmin=S&pmax=S&gt=N&lt=N&st=N | writeattr PATH cancel"
        case .fwupdate: "fwupdate NAME;VERSION;URL"
        case .serialization: "serialization TLV|JSON|CBOR|TEXT|OPAQUE|SENML_JSON|SENML_CBOR|DEFAULT"
        case .coap: #"coap {"method":"GET","uri":"/3/0/0","contentFormat":N,"accept":N,"payloadHex":"…"}"#
        }
    }

    /// A one-line description, for completion and help.
    public var summary: String {
        switch self {
        case .read: "Read a resource, instance or object"
        case .cread: "Read several paths in one request"
        case .observe: "Observe a path"
        case .cobserve: "Observe several paths in one request"
        case .execute: "Execute a resource, with optional arguments"
        case .executelegacy: "Execute with a free-text payload"
        case .write: "Write (replace) a value"
        case .cwrite: "Write several resources in one request"
        case .writep: "Partial update (POST) of an instance or resource"
        case .writeb: "Write binary data given as hex"
        case .cancelobservation: "Cancel an observation (reset on next notification)"
        case .cancelobserve: "Cancel an observation (GET with Observe=1)"
        case .cancelCompositeObserve: "Cancel a composite observation"
        case .delete: "Delete an object instance"
        case .discover: "Discover attributes and resources"
        case .create: "Create an object instance"
        case .writeattr: "Write notification attributes"
        case .fwupdate: "Start a firmware update"
        case .serialization: "Set the device's content format"
        case .coap: "Send a raw CoAP request"
        }
    }

    /// True when the verb's arguments are paths (so completion offers paths).
    var takesPaths: Bool {
        switch self {
        case .cwrite, .fwupdate, .serialization, .coap: false
        default: true
        }
    }

    /// True when the verb takes several paths.
    var takesSeveralPaths: Bool {
        self == .cread || self == .cobserve || self == .cancelCompositeObserve
    }
}
