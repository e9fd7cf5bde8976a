/// The Details pane: the open device, its tab, and per-tab cursors.
public struct DetailsState: Sendable, Equatable {
    /// The visible tab.
    public var tab: DetailsTab = .info
    /// The loaded device, if any.
    public var detail: DeviceDetail?
    /// The device being loaded.
    public var loadingID: String?
    /// The Bootstrap form of the loaded device.
    public var form: BootstrapForm?
    /// Cursor in list tabs (Objects, Ops, Events).
    public var listSelected = 0

    /// Creates an empty details state.
    public init() {}
}
