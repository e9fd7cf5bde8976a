import ArgumentParser
import Foundation
import LwM2M
import LwM2MEngine

/// `lwm2m-console shell DEVICE 'read /3/0/0'`: sends a shell text to a device through the running
/// engine and prints the results once every operation has ended.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Send shell commands to a device through the running engine and print the results.",
        discussion: """
            Each line of TEXT becomes one operation. Waits until every operation is SUCCESSFUL or FAILED, \
            or still PENDING after its timeout; progress (e.g. of a `fwupdate`) is printed as it comes and \
            restarts the wait. Exits 0 only when all succeeded. Needs `lwm2m-console serve` \
            running on the same data directory.
            """)

    @Argument(help: ArgumentHelp("The device ID.", valueName: "device"))
    var device: String

    @Argument(help: ArgumentHelp("The shell commands, one per line (e.g. 'read /3/0/0').", valueName: "text"))
    var text: String

    @OptionGroup var tenantOption: TenantOption

    @Option(help: ArgumentHelp(
        "Per-request timeout for lines without their own --timeout (500ms, 5s, 2m; bare number: ms); clamped by the engine.",
        valueName: "duration"))
    var timeout: String?

    @Flag(help: "Print the operations as JSON.")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let timeout, ShellCommandParser.parseDuration(timeout) == nil {
            throw ValidationError("--timeout \(timeout) is not a duration (examples: 500ms, 5s, 1.5s, 2m; at most 24h)")
        }
        guard text.split(whereSeparator: \.isNewline).contains(where: { ShellTextTimeout.isCommandLine($0) }) else {
            throw ValidationError("the shell text has no command")
        }
    }

    func run() async throws {
        try await reportingFailure {
            let directory = try storeOptions.resolvedDirectory()
            let client = try await ShellCommand.attach(dataDirectory: directory)
            let deviceRef = DeviceRef(tenant: tenantOption.tenant, id: device)
            // Subscribe before submitting: the acknowledgement guarantees no event is missed.
            let events = await client.events()
            let submitted: [OperationSnapshot]
            do throws(EngineError) {
                submitted = try await client.submit(deviceRef, text: ShellTextTimeout.apply(timeout, to: text))
            } catch {
                throw CommandFailure(error.message)
            }
            var watch = ShellOperationWatch(submitted)
            if !watch.isDone {
                let json = self.json
                watch = await watch.following(events) { operation, text in
                    if !json { ShellResultText.printProgress(operation, text) }
                }
            }
            if !watch.isDone, let latest = try? await client.operations(deviceRef, limit: max(100, submitted.count * 2)) {
                watch.update(latest)
            }
            try report(watch.operations)
        }
    }

    /// Prints the outcome; fails (exit 1) unless every operation succeeded.
    private func report(_ operations: [OperationSnapshot]) throws {
        if json {
            try JSONOutput.print(operations)
        } else {
            for operation in operations { ShellResultText.print(operation) }
        }
        let failed = operations.filter { $0.status == .failed }
        let unfinished = operations.filter { !$0.status.isFinal }
        if !unfinished.isEmpty {
            let list = unfinished.map { "#\($0.id) (\($0.line), \($0.status.rawValue) after its \($0.timeoutMs) ms timeout)" }
            throw CommandFailure(
                "\(unfinished.count) operation(s) still not finished: \(list.joined(separator: ", ")); "
                    + "the engine keeps them and resends on the device's next update")
        }
        if !failed.isEmpty {
            throw CommandFailure("\(failed.count) of \(operations.count) operation(s) FAILED")
        }
    }

    /// The daemon's client, or the "no engine" failure.
    static func attach(dataDirectory: String) async throws -> ControlClient {
        let client: ControlClient?
        do {
            client = try await ControlClient.connectIfRunning(dataDirectory: dataDirectory)
        } catch {
            throw CommandFailure(error.message)
        }
        guard let client else {
            throw CommandFailure("no engine is running for \(dataDirectory); start `lwm2m-console serve`")
        }
        return client
    }
}
