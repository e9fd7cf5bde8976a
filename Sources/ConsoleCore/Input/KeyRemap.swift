/// One `command = keys` line of the configuration file's `[keys]` (or `[keys.CONTEXT]`) section,
/// as written, with its line for error messages.
public struct KeyRemap: Sendable, Equatable {
    /// The command's configuration name (`quit`, `filter`, `move_down`).
    public var command: String
    /// The context name from `[keys.CONTEXT]`; nil under plain `[keys]` (the command's own context).
    public var context: String?
    /// Key names (`"ctrl-q"`, `"/"`, `"Esc"`); empty unbinds the command.
    public var keys: [String]
    /// 1-based line in the file.
    public var line: Int

    /// Creates a remap line.
    public init(command: String, context: String? = nil, keys: [String], line: Int) {
        self.command = command
        self.context = context
        self.keys = keys
        self.line = line
    }
}
