import ArgumentParser

/// `lwm2m-console firmware …`: the firmware repository (SPEC §8) that `fwupdate` delivers from.
struct FirmwareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firmware",
        abstract: "Manage the firmware repository that fwupdate NAME;VERSION;URL delivers from.",
        subcommands: [FirmwareAddCommand.self, FirmwareListCommand.self, FirmwareDeleteCommand.self])
}
