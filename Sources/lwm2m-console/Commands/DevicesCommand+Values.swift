import ArgumentParser
import DeviceStore
import Foundation
import LwM2M

/// `lwm2m-console devices values ID`: the last known value of each resource (SPEC §6), as the
/// engine stored them (a running engine writes them behind, within its flush interval).
struct DevicesValuesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "values", abstract: "Show a device's last known values (from reads and notifications) and their age.")

    @Argument(help: ArgumentHelp("The device ID.", valueName: "id"))
    var id: String

    @OptionGroup var tenantOption: TenantOption

    @Flag(help: "Print the values as JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    /// One value as printed in JSON.
    private struct ShownValue: Encodable {
        let path: String
        let name: String?
        let type: String
        let value: String
        let source: String
        let reportedAt: Date
    }

    func run() throws {
        try failingWithStatus1 {
            let store = try storeOptions.openStore()
            guard try store.device(tenant: tenantOption.tenant, id: id) != nil else {
                throw CommandFailure("no device '\(id)' in tenant \(tenantOption.tenant)")
            }
            let model = ObjectModel.builtIn
            let shown = try store.lastValues(tenant: tenantOption.tenant, deviceID: id).map { record in
                ShownValue(
                    path: record.path.description, name: Self.name(record.path, model: model),
                    type: record.lastValue.value.type.rawValue, value: record.rendered,
                    source: record.lastValue.source.rawValue, reportedAt: record.lastValue.reportedAt)
            }
            if json {
                try JSONOutput.print(shown)
            } else if shown.isEmpty {
                print("No values known for \(id) yet: read or observe a resource first.")
            } else {
                let now = Date()
                let pathWidth = shown.map(\.path.count).max() ?? 0
                let nameWidth = shown.map { ($0.name ?? "").count }.max() ?? 0
                for value in shown {
                    let name = (value.name ?? "").padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                    print("\(value.path.padding(toLength: pathWidth, withPad: " ", startingAt: 0))  \(name)  = \(value.value)  "
                        + "\(Self.age(value.reportedAt, now: now)) (\(value.source))")
                }
            }
        }
    }

    /// The resource's name from the model, with `[i]` for a resource instance.
    static func name(_ path: LwM2MPath, model: ObjectModel) -> String? {
        guard var name = model.resource(at: path)?.name else { return nil }
        if let instance = path.resourceInstanceID { name += "[\(instance)]" }
        return name
    }

    /// "12 s ago", "3 min ago", "2 h ago", "5 d ago".
    static func age(_ date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 60 { return "\(seconds) s ago" }
        if seconds < 3600 { return "\(seconds / 60) min ago" }
        if seconds < 86_400 { return "\(seconds / 3600) h ago" }
        return "\(seconds / 86_400) d ago"
    }
}
