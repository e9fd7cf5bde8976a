import ArgumentParser
import DeviceStore
import Foundation

/// `lwm2m-console alarms …`: list, acknowledge and clear alarms.
struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms",
        abstract: "List, acknowledge and clear alarms.",
        subcommands: [AlarmsListCommand.self, AlarmsAckCommand.self, AlarmsClearCommand.self],
        defaultSubcommand: AlarmsListCommand.self)
}

/// `lwm2m-console alarms [list]`: open alarms, most severe first.
struct AlarmsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List open alarms, most severe first (the default of `alarms`).")

    @Flag(help: "Include cleared alarms.")
    var all = false

    @Option(help: ArgumentHelp("Only this tenant's alarms.", valueName: "tenant"))
    var tenant: String?

    @Flag(help: "Print the alarms as JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            let store = try storeOptions.openStore()
            let statuses: Set<AlarmStatus> = all ? Set(AlarmStatus.allCases) : [.active, .acknowledged]
            let alarms = try store.alarms(statuses: statuses, tenant: tenant)
            if json {
                try JSONOutput.print(alarms)
                return
            }
            guard !alarms.isEmpty else {
                print(all ? "No alarms." : "No open alarms.")
                return
            }
            let time = ISO8601DateFormatter()
            let table = TextTable(headers: ["ID", "SEVERITY", "STATUS", "COUNT", "TENANT", "DEVICE", "LAST", "TEXT"])
            for alarm in alarms {
                table.add([
                    String(alarm.id), alarm.severity.rawValue, alarm.status.rawValue, String(alarm.count), alarm.tenant,
                    alarm.deviceID, time.string(from: alarm.lastRaisedAt), alarm.text,
                ])
            }
            table.print()
        }
    }
}

/// `lwm2m-console alarms ack ID`: acknowledges an alarm.
struct AlarmsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an alarm.")

    @Argument(help: ArgumentHelp("The alarm ID (first column of `alarms`).", valueName: "id"))
    var id: Int64

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            let alarm = try storeOptions.openStore().acknowledgeAlarm(id: id)
            print("Alarm \(alarm.id) on \(alarm.deviceID) is \(alarm.status.rawValue).")
        }
    }
}

/// `lwm2m-console alarms clear ID`: clears an alarm.
struct AlarmsClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clear", abstract: "Clear an alarm.")

    @Argument(help: ArgumentHelp("The alarm ID (first column of `alarms`).", valueName: "id"))
    var id: Int64

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            let alarm = try storeOptions.openStore().clearAlarm(id: id)
            print("Alarm \(alarm.id) on \(alarm.deviceID) is \(alarm.status.rawValue).")
        }
    }
}
