public import Foundation

/// What keys go to: the panes, or an input line or overlay on top of them.
public enum Mode: Sendable, Equatable {
    /// Keys go through the keymap to the focused pane.
    case normal
    /// Typing edits the Devices filter.
    case filtering
    /// Typing edits the `:` command line.
    case command
    /// The help overlay is open.
    case help
    /// A confirmation dialog is open.
    case confirm(ConfirmDialog)
    /// The import flow overlay is open.
    case importFlow
    /// Typing edits the Bootstrap form.
    case editingForm
}

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
    case quit
    case deleteDevice(id: String)
    case clearAllAlarms
    case discardForm
}

/// A short message in the bottom line that disappears by itself.
public struct Flash: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Errors are drawn in the error role.
    public var isError: Bool
    /// When it disappears.
    public var expires: Date

    /// Creates a flash message.
    public init(text: String, isError: Bool, expires: Date) {
        self.text = text
        self.isError = isError
        self.expires = expires
    }
}
