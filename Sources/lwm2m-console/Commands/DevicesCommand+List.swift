import ArgumentParser
import DeviceStore

/// `lwm2m-console devices [list]`: one page of devices, filtered by an ID/endpoint/name prefix.
struct DevicesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List devices (the default of `devices`).")

    @Option(help: ArgumentHelp("Only this tenant's devices (default: all tenants).", valueName: "tenant"))
    var tenant: String?

    @Option(help: ArgumentHelp("Only devices whose ID, endpoint or name starts with this text (case-insensitive).", valueName: "text"))
    var filter: String?

    @Option(help: ArgumentHelp("Sort by id, name, endpoint or updatedAt.", valueName: "key"))
    var sort: String = "id"

    @Option(help: ArgumentHelp("At most this many devices (1–10000).", valueName: "n"))
    var limit: Int = 1000

    @Option(help: ArgumentHelp("Skip this many devices first.", valueName: "n"))
    var offset: Int = 0

    @Flag(help: "Print the devices as JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard DeviceQuery.SortKey(rawValue: sort) != nil else {
            throw ValidationError("--sort must be one of id, name, endpoint, updatedAt")
        }
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 10000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    private struct JSONPage: Encodable {
        let total: Int
        let offset: Int
        let devices: [Device]
    }

    func run() throws {
        try failingWithStatus1 {
            let store = try storeOptions.openStore()
            let query = DeviceQuery(
                tenant: tenant, prefix: filter, sort: DeviceQuery.SortKey(rawValue: sort) ?? .id, limit: limit,
                offset: offset)
            let devices = try store.devices(query)
            let total = try store.countDevices(query)
            if json {
                try JSONOutput.print(JSONPage(total: total, offset: offset, devices: devices))
                return
            }
            let table = TextTable(headers: ["TENANT", "ID", "ENDPOINT", "SECURITY", "STATE", "NAME", "NOTE"])
            for device in devices {
                table.add([
                    device.tenant, device.id, device.endpoint, device.securityMode.rawValue,
                    device.connectionState.rawValue, device.name, device.isDuplicate ? "duplicate" : "",
                ])
            }
            table.print()
            if devices.isEmpty {
                print("No devices\(filter.map { " matching '\($0)'" } ?? "").")
            } else if devices.count < total {
                print("\(devices.count) of \(total) devices shown (from \(offset + 1)); use --offset and --limit for more.")
            } else {
                print("\(total) device\(total == 1 ? "" : "s").")
            }
        }
    }
}
