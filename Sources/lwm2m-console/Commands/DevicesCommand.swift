import ArgumentParser

/// `lwm2m-console devices …`: list, show and delete devices; show or set their log level; last values.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List, show and delete devices; their log level and last known values.",
        subcommands: [DevicesListCommand.self, DevicesShowCommand.self, DevicesDeleteCommand.self, DevicesLogLevelCommand.self, DevicesValuesCommand.self],
        defaultSubcommand: DevicesListCommand.self)
}
