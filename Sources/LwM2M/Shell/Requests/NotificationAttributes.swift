/// The attributes of a Write-Attributes request (LwM2M TS Core §5.1.2); each is set, cleared
/// (sent without a value) or left alone (nil).
public struct NotificationAttributes: Hashable, Sendable {
    /// Minimum period in seconds.
    public var pmin: AttributeChange<UInt32>?
    /// Maximum period in seconds.
    public var pmax: AttributeChange<UInt32>?
    /// Notify when the value rises above.
    public var gt: AttributeChange<Double>?
    /// Notify when the value falls below.
    public var lt: AttributeChange<Double>?
    /// Notify when the value changes by at least this step.
    public var st: AttributeChange<Double>?
    /// Minimum evaluation period in seconds (LwM2M 1.1).
    public var epmin: AttributeChange<UInt32>?
    /// Maximum evaluation period in seconds (LwM2M 1.1).
    public var epmax: AttributeChange<UInt32>?
    /// The LwM2M 1.0 `cancel` attribute: cancel the observation.
    public var cancel: Bool

    /// Creates attributes (all nil: nothing to write).
    public init(
        pmin: AttributeChange<UInt32>? = nil, pmax: AttributeChange<UInt32>? = nil,
        gt: AttributeChange<Double>? = nil, lt: AttributeChange<Double>? = nil, st: AttributeChange<Double>? = nil,
        epmin: AttributeChange<UInt32>? = nil, epmax: AttributeChange<UInt32>? = nil, cancel: Bool = false
    ) {
        self.pmin = pmin
        self.pmax = pmax
        self.gt = gt
        self.lt = lt
        self.st = st
        self.epmin = epmin
        self.epmax = epmax
        self.cancel = cancel
    }

    /// The Uri-Query options to send, in a fixed order (`pmin=10`, `gt`, `cancel`).
    public var queryItems: [String] {
        func item<V>(_ name: String, _ change: AttributeChange<V>?, _ format: (V) -> String) -> String? {
            switch change {
            case nil: nil
            case .clear: name
            case .set(let value): "\(name)=\(format(value))"
            }
        }
        return [
            item("pmin", pmin, String.init), item("pmax", pmax, String.init),
            item("gt", gt, Self.format), item("lt", lt, Self.format), item("st", st, Self.format),
            item("epmin", epmin, String.init), item("epmax", epmax, String.init),
            cancel ? "cancel" : nil,
        ].compactMap { $0 }
    }
}

extension NotificationAttributes {
    /// A threshold as sent and shown: whole numbers without a fraction (`30`, `30.5`).
    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A change to one attribute: set it to a value, or clear it.
public enum AttributeChange<Value: Hashable & Sendable>: Hashable, Sendable {
    /// Set the attribute to this value.
    case set(Value)
    /// Remove the attribute (sent as its bare name).
    case clear
}
