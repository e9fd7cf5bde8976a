/// The editable Bootstrap parameters form of one device.
public struct BootstrapForm: Sendable, Equatable {
    /// The device the form edits.
    public var deviceID: String
    /// Fields as saved in the store.
    public var original: [BootstrapField]
    /// Fields with the operator's edits.
    public var fields: [BootstrapField]
    /// The focused field.
    public var focused = 0
    /// Editor for the focused field while editing.
    public var editor = LineEditor()
    /// Validation errors by field name.
    public var errors: [String: String] = [:]
    /// True when keys are shown in clear.
    public var revealed = false
    /// The bootstrap plan the device would receive, as preview lines.
    public var planPreview: [String] = []
    /// True while a save is under way.
    public var saving = false

    /// Creates a form from stored fields.
    public init(deviceID: String, fields: [BootstrapField]) {
        self.deviceID = deviceID
        original = fields
        self.fields = fields
    }

    /// True when the fields differ from the stored ones.
    public var isDirty: Bool { fields != original }
}
