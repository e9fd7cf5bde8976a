import ArgumentParser
import DeviceStore
import Foundation

/// `lwm2m-console firmware list [--json]`.
struct FirmwareListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the repository's images.")

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try failingWithStatus1 {
            let packages = try storeOptions.openStore().firmwarePackages()
            if json {
                try JSONOutput.print(packages)
                return
            }
            guard !packages.isEmpty else {
                print("No firmware in the repository.")
                return
            }
            let table = TextTable(headers: ["NAME", "VERSION", "SIZE", "SHA-256", "ADDED"])
            let formatter = ISO8601DateFormatter()
            for package in packages {
                table.add([package.name, package.version, String(package.size), package.sha256, formatter.string(from: package.createdAt)])
            }
            table.print()
        }
    }
}
