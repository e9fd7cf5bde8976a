/// One row of the keymap: keys, what they do, where, and the help text.
public struct KeyBinding: Sendable, Equatable {
    /// Keys that trigger the command.
    public var keys: [Key]
    /// The command.
    public var command: KeyCommand
    /// Where it applies.
    public var context: KeyContext
    /// Help text shown by `?`.
    public var help: String

    /// Creates a binding.
    public init(_ keys: [Key], _ command: KeyCommand, _ context: KeyContext, _ help: String) {
        self.keys = keys
        self.command = command
        self.context = context
        self.help = help
    }
}
