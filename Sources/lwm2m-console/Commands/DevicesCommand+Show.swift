import ArgumentParser
import DeviceStore
import Foundation

/// `lwm2m-console devices show ID`: every field of one device, keys masked unless asked.
struct DevicesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a device: fields, external IDs, bootstrap parameters, keys (masked).")

    @Argument(help: ArgumentHelp("The device ID.", valueName: "id"))
    var id: String

    @OptionGroup var tenantOption: TenantOption

    @Flag(help: "Show PSK keys in full instead of masked.")
    var revealKeys = false

    @Flag(help: "Print the device as JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    /// A PSK as shown: the identity and the key in hex, masked unless revealed.
    private struct ShownPSK: Encodable {
        let identity: String
        let key: String
    }

    private struct ShownDevice: Encodable {
        let device: Device
        let externalIDs: [ExternalID]
        let bootstrap: BootstrapParameters
        let lwm2mPSK: ShownPSK?
        let bootstrapPSK: ShownPSK?
        let customProperties: [CustomProperty]
        let hasCredentials: Bool
    }

    func run() throws {
        try failingWithStatus1 {
            let store = try storeOptions.openStore()
            guard let details = try store.deviceDetails(tenant: tenantOption.tenant, id: id) else {
                throw CommandFailure("no device '\(id)' in tenant \(tenantOption.tenant)")
            }
            let shown = ShownDevice(
                device: details.device, externalIDs: details.externalIDs, bootstrap: details.bootstrap,
                lwm2mPSK: details.lwm2mPSK.map(show), bootstrapPSK: details.bootstrapPSK.map(show),
                customProperties: details.customProperties, hasCredentials: details.hasCredentials)
            if json {
                try JSONOutput.print(shown)
            } else {
                printHuman(shown)
            }
        }
    }

    private func show(_ psk: PSKCredential) -> ShownPSK {
        let hex = psk.key.map { String(format: "%02x", $0) }.joined()
        return ShownPSK(identity: psk.identity, key: revealKeys ? hex : "••••" + String(hex.suffix(4)))
    }

    private func printHuman(_ shown: ShownDevice) {
        let d = shown.device
        let time = ISO8601DateFormatter()
        func line(_ label: String, _ value: String?) {
            print(label.padding(toLength: 35, withPad: " ", startingAt: 0) + (value ?? "-"))
        }
        print("Device \(d.id) (tenant \(d.tenant))")
        line("  name", d.name)
        line("  type", d.type)
        line("  owner", d.owner)
        line("  shell", d.shellEnabled ? "1" : "0")
        line("  com_cumulocity_model_Agent", d.isAgent ? "1" : "0")
        line("  endpoint id", d.endpoint)
        line("  securityMode", d.securityMode.rawValue)
        line("  connection", d.connectionState.rawValue)
        line("  last seen", d.lastSeen.map(time.string(from:)))
        line("  duplicate", d.isDuplicate ? "yes (not served: another tenant owns the endpoint)" : "no")
        line("  created", time.string(from: d.createdAt))
        line("  updated", time.string(from: d.updatedAt))
        line("  credentials", shown.hasCredentials ? "stored (keyed hash)" : "none")
        line("  fwUpdateDeliveryMethod", d.firmware.deliveryMethod)
        line("  fwUpdateSupportedDeviceProtocol", d.firmware.supportedDeviceProtocol)
        line("  fwUpdateResetMechanism", d.firmware.resetMechanism)
        line("  fwUpdateURL", d.firmware.url)
        print("External IDs")
        for externalID in shown.externalIDs { line("  " + externalID.type, externalID.value) }
        print("PSK")
        line("  lwm2m psk_id", shown.lwm2mPSK?.identity)
        line("  lwm2m psk_key", shown.lwm2mPSK?.key)
        line("  bootstrap psk_id", shown.bootstrapPSK?.identity)
        line("  bootstrap psk_key", shown.bootstrapPSK?.key)
        let b = shown.bootstrap
        print("Bootstrap parameters")
        line("  lwm2m server uri", b.lwm2mServerURI)
        line("  bootstrapSecurityMode", b.bootstrapSecurityMode.rawValue)
        line("  awakeTimeRegistrationParameter", b.awakeTimeMs.map { "\($0) ms" })
        line("  serverPublicKey", b.serverPublicKey)
        line("  generateBootstrapServerConfig", String(b.generateBootstrapServerConfig))
        line("  securityInstanceOffset", String(b.securityInstanceOffset))
        line("  bootstrapShortServerId", String(b.bootstrapShortServerID))
        line("  lwm2mShortServerId", String(b.lwm2mShortServerID))
        line("  registrationLifetime", b.registrationLifetime.map { "\($0) s" })
        line("  defaultMinimumPeriod", b.defaultMinimumPeriod.map { "\($0) s" })
        line("  defaultMaximumPeriod", b.defaultMaximumPeriod.map { "\($0) s" })
        line("  bindingMode", b.bindingMode)
        line("  notificationIfDisabled", b.notificationIfDisabled.map { String($0) })
        line("  disableTimeout", b.disableTimeout.map { "\($0) s" })
        line("  binaryDeliveryEncoding", b.binaryDeliveryEncoding)
        line("  serializationFormat", b.serializationFormat)
        line("  lwm2mRequestTimeout", b.lwm2mRequestTimeoutMs.map { "\($0) ms" })
        if !shown.customProperties.isEmpty {
            print("Custom properties")
            for property in shown.customProperties { line("  " + property.name, property.value) }
        }
    }
}
