import ArgumentParser
import Foundation
import LwM2MEngine

/// `lwm2m-console events [--follow]`: the running engine's status, or its events as they happen.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the running engine's status, or follow its events (one line each) until Ctrl-C.")

    @Flag(help: "Print events as they happen until interrupted (without it: print the status and exit).")
    var follow = false

    @Flag(help: "Print JSON (one object per line with --follow).")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await reportingFailure {
            let directory = try storeOptions.resolvedDirectory()
            let client = try await ShellCommand.attach(dataDirectory: directory)
            guard follow else {
                let status = await client.status()
                if json {
                    try JSONOutput.print(status)
                } else {
                    try EventLine.write(EventLine.text(.status(status)))
                }
                return
            }
            let events = await client.events()
            for await event in events {
                do {
                    try EventLine.write(json ? try EventLine.json(event) : EventLine.text(event))
                } catch {
                    return  // Whoever read our output has gone: a normal end.
                }
            }
            throw CommandFailure("the engine for \(directory) stopped")
        }
    }
}
