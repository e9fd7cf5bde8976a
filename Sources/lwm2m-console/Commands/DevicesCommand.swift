import ArgumentParser

/// `lwm2m-console devices …`: list, show and delete devices.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List, show and delete devices.",
        subcommands: [DevicesListCommand.self, DevicesShowCommand.self, DevicesDeleteCommand.self],
        defaultSubcommand: DevicesListCommand.self)
}
