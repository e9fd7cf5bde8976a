extension KeyCommand {
    /// The command's name in the configuration file's `[keys]` section: the case name in
    /// snake_case (`quit`, `move_down`, `clear_all_alarms`).
    public var configName: String {
        var name = ""
        for character in rawValue {
            if character.isUppercase {
                name += "_" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return name
    }

    /// The command called `configName` in the configuration file.
    public init?(configName: String) {
        guard let command = KeyCommand.allCases.first(where: { $0.configName == configName }) else { return nil }
        self = command
    }
}

extension KeyContext {
    /// The context's name in a `[keys.NAME]` section header.
    public var configName: String {
        switch self {
        case .global: "global"
        case .devices: "devices"
        case .details: "details"
        case .objects: "objects"
        case .bootstrap: "bootstrap"
        case .alarms: "alarms"
        }
    }

    /// The context called `configName` in a section header.
    public init?(configName: String) {
        guard let context = KeyContext.allCases.first(where: { $0.configName == configName }) else { return nil }
        self = context
    }
}
