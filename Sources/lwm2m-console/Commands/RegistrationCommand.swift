import ArgumentParser
import DeviceStore
import Foundation
import LwM2M
import LwM2MEngine

/// `lwm2m-console registration DEVICE`: a device's live registration as the running engine holds
/// it (address, binding, lifetime, version, times, the objects it announced).
struct RegistrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registration",
        abstract: "Show a device's live registration from the running engine.",
        discussion: """
            Asks the engine serving the data directory (`lwm2m-console serve`, or a console embedding it). \
            Exits 0 when the device is registered, 1 when it is not, does not exist, or no engine runs. \
            Stored fields are `lwm2m-console devices show`.
            """)

    @Argument(help: ArgumentHelp("The device ID.", valueName: "device"))
    var device: String

    @OptionGroup var tenantOption: TenantOption

    @Flag(help: "Print the registration as JSON (`registered: false` when it is not registered).")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    /// The `--json` document.
    private struct Shown: Encodable {
        let tenant: String
        let id: String
        let registered: Bool
        let registration: RegistrationInfo?

        private enum CodingKeys: String, CodingKey { case tenant, id, registered, registration }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tenant, forKey: .tenant)
            try container.encode(id, forKey: .id)
            try container.encode(registered, forKey: .registered)
            try container.encode(registration, forKey: .registration)
        }
    }

    func run() async throws {
        try await reportingFailure {
            let store = try storeOptions.openStore()
            let tenant = tenantOption.tenant
            // The store answers "no such device" even when no engine runs.
            guard let stored = try store.device(tenant: tenant, id: device) else {
                throw CommandFailure("no device '\(device)' in tenant \(tenant)")
            }
            let client = try await ShellCommand.attach(dataDirectory: try storeOptions.resolvedDirectory())
            let registration: RegistrationInfo?
            do throws(EngineError) {
                registration = try await client.registration(DeviceRef(tenant: tenant, id: device))
            } catch {
                throw CommandFailure(error.message)
            }
            await client.close()
            if json {
                try JSONOutput.print(Shown(tenant: tenant, id: device, registered: registration != nil, registration: registration))
            } else if let registration {
                Self.printHuman(registration, device: stored)
            }
            guard registration != nil else {
                let seen = stored.lastSeen.map { ", last seen \($0.formatted(.iso8601))" } ?? ""
                throw CommandFailure(
                    "device '\(device)' (endpoint \(stored.endpoint)) is not registered now (stored state \(stored.connectionState.rawValue)\(seen))")
            }
        }
    }

    /// The registration as labelled lines, then the announced objects named by the object model.
    static func printHuman(_ registration: RegistrationInfo, device: Device, model: ObjectModel = .builtIn) {
        func line(_ label: String, _ value: String) {
            print("  " + label.padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
        print("Device \(device.id) (tenant \(device.tenant)) registered as \(registration.endpoint)")
        line("registration", "/rd/\(registration.id)")
        line("address", registration.address)
        line("binding", registration.binding + (registration.queueMode ? " (queue mode)" : ""))
        line("lifetime", "\(registration.lifetime) s")
        line("version", registration.version)
        line("registered", registration.registeredAt.formatted(.iso8601))
        line("last contact", registration.lastContactAt.formatted(.iso8601))
        line("expires", registration.expiresAt.formatted(.iso8601))
        print("Objects")
        for (object, instances) in announcedObjects(registration.objectLinks) {
            let name = model.object(object)?.name ?? "Object \(object)"
            let list = instances.isEmpty ? "no instances" : "instances " + instances.map(String.init).joined(separator: ", ")
            line("/\(object)", "\(name): \(list)")
        }
    }

    /// Object IDs in link order with their instance IDs (links the format cannot read are skipped).
    static func announcedObjects(_ links: String) -> [(UInt16, [UInt16])] {
        guard let parsed = try? CoRELinkFormat.parse(links) else { return [] }
        var order: [UInt16] = []
        var instances: [UInt16: [UInt16]] = [:]
        for link in parsed {
            guard let path = try? LwM2MPath(parsing: link.target), let object = path.objectID else { continue }
            if instances[object] == nil {
                order.append(object)
                instances[object] = []
            }
            if let instance = path.instanceID, instances[object]?.contains(instance) == false { instances[object]?.append(instance) }
        }
        return order.map { ($0, instances[$0] ?? []) }
    }
}
