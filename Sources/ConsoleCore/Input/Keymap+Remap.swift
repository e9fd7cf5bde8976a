extension Keymap {
    /// Commands that must keep a key: without them the operator cannot leave the console, read
    /// the help, or back out of anything.
    static let indispensable: [KeyCommand: String] = [
        .quit: "it is the only way to quit", .help: "it is the only way to open the help",
        .back: "it is the only way to go back or cancel",
    ]

    /// This keymap with `remaps` applied, or the first problem (in line order of the check).
    ///
    /// Under `[keys]` a command's keys replace its own binding's keys. Under `[keys.CONTEXT]` a
    /// command of that context is replaced the same way, and an everywhere-command gets extra keys
    /// that apply only in that context. Ctrl-C always stays on `quit` (the terminal's interrupt key
    /// must always get the operator out).
    public func remapped(_ remaps: [KeyRemap]) throws(KeymapRemapError) -> Keymap {
        var result = self
        var remappedAt: [Int: Int] = [:]  // binding index → line of the remap that set it
        var given: [String: Int] = [:]
        for remap in remaps {
            let line = remap.line
            guard let command = KeyCommand(configName: remap.command) else {
                throw KeymapRemapError(
                    line: line,
                    reason: "unknown command \"\(remap.command)\" (commands: \(KeyCommand.allCases.map(\.configName).joined(separator: ", ")))")
            }
            let home = bindings.first(where: { $0.command == command })
            let homeContext = home?.context ?? .global
            var context = homeContext
            if let name = remap.context {
                guard let named = KeyContext(configName: name) else {
                    throw KeymapRemapError(
                        line: line,
                        reason: "unknown key context \"\(name)\" (contexts: \(KeyContext.allCases.map(\.configName).joined(separator: ", ")))")
                }
                if named != homeContext, homeContext != .global {
                    throw KeymapRemapError(
                        line: line,
                        reason: "\(remap.command) only works in \(homeContext.rawValue): put it under [keys] or [keys.\(homeContext.configName)]")
                }
                context = named
            }
            let slot = "\(context.configName).\(command.configName)"
            if let first = given[slot] {
                throw KeymapRemapError(line: line, reason: "\(remap.command) is given twice for \(context.rawValue) (first on line \(first))")
            }
            given[slot] = line
            var keys: [Key] = []
            for name in remap.keys {
                switch KeyName.parse(name) {
                case .failure(let problem): throw KeymapRemapError(line: line, reason: "\(problem.reason) for \(remap.command)")
                case .success(let key):
                    guard !keys.contains(key) else { throw KeymapRemapError(line: line, reason: "\(key.label) is listed twice for \(remap.command)") }
                    keys.append(key)
                }
            }
            if context == homeContext, keys.isEmpty, let why = Self.indispensable[command] {
                throw KeymapRemapError(line: line, reason: "\(remap.command) needs at least one key: \(why)")
            }
            if command == .quit, context == homeContext, !keys.contains(.ctrl("c")) { keys.append(.ctrl("c")) }
            if command != .quit, keys.contains(.ctrl("c")) {
                // Also in a pane's own section, where it would shadow quit.
                throw KeymapRemapError(line: line, reason: "Ctrl-C always quits; it cannot be bound to \(remap.command)")
            }
            if let index = result.bindings.firstIndex(where: { $0.command == command && $0.context == context }) {
                result.bindings[index].keys = keys
                remappedAt[index] = line
            } else {
                result.bindings.append(KeyBinding(keys, command, context, home?.help ?? remap.command))
                remappedAt[result.bindings.count - 1] = line
            }
        }
        try result.checkConflicts(remappedAt: remappedAt)
        return result
    }

    /// Refuses a key bound to two commands in one context, at the later of the lines involved.
    private func checkConflicts(remappedAt: [Int: Int]) throws(KeymapRemapError) {
        for (index, line) in remappedAt.sorted(by: { $0.value < $1.value }) {
            let binding = bindings[index]
            for key in binding.keys {
                for (otherIndex, other) in bindings.enumerated() where otherIndex != index && other.context == binding.context && other.keys.contains(key) {
                    if let otherLine = remappedAt[otherIndex], otherLine > line { continue }
                    throw KeymapRemapError(
                        line: line,
                        reason: "key \(key.label) is bound twice in \(binding.context.rawValue): \(binding.command.configName) and \(other.command.configName)")
                }
            }
        }
    }
}
