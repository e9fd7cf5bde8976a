import ArgumentParser

/// The `lwm2m-console` binary: the terminal console and its headless subcommands.
@main
struct LwM2MConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lwm2m-console",
        abstract: "Operator console for LwM2M devices.",
        subcommands: [
            // Each capability adds its subcommand here, one line each.
            BenchCommand.self,
            DecodeCommand.self,
            ImportCommand.self,
            DevicesCommand.self,
            AlarmsCommand.self,
            CredentialsCommand.self,
            ShellCommand.self,
            EventsCommand.self,
            RegistrationCommand.self,
            SimulateCommand.self,
            ConsoleCommand.self,
            DemoCommand.self,
            ServeCommand.self,
            ThemesCommand.self,
            ConfigCommand.self,
            FirmwareCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )
}
