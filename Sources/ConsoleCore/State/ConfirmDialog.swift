/// A yes/no question; Cancel is focused unless the operator moves to the confirm button.
public struct ConfirmDialog: Sendable, Equatable {
    /// The question.
    public var question: String
    /// Label of the confirming button ("Delete", "Quit").
    public var confirmLabel: String
    /// What happens on confirm.
    public var action: ConfirmedAction
    /// True when the confirm button has focus (starts false: Cancel focused).
    public var confirmFocused: Bool = false

    /// Creates a dialog with Cancel focused.
    public init(question: String, confirmLabel: String, action: ConfirmedAction) {
        self.question = question
        self.confirmLabel = confirmLabel
        self.action = action
    }
}

/// The action a confirmation dialog guards.
public enum ConfirmedAction: Sendable, Equatable {
    /// Leave the console.
    case quit
    /// Delete a device and its credentials.
    case deleteDevice(id: String)
    /// Clear every alarm.
    case clearAllAlarms
    /// Throw away the Bootstrap form's edits.
    case discardForm
}
