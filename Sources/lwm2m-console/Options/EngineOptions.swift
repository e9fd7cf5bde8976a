import ArgumentParser
import Foundation

/// The engine's network and timing flags, shared by `serve`, the console and `demo`. Kept as the
/// text given (nil when not given) so the environment and the configuration file can fill in
/// (`EffectiveConfiguration`). Durations take `ms`, `s` or `m` suffixes; a bare number is in the
/// unit each flag's help names.
struct EngineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The address the four UDP endpoints bind to (IPv4 or IPv6; default 0.0.0.0).", valueName: "addr"))
    var bind: String?

    @Option(help: ArgumentHelp("The bootstrap server's CoAP port (0: any free port; default 5683).", valueName: "port"))
    var bootstrapPort: String?

    @Option(help: ArgumentHelp("The bootstrap server's DTLS port (0: any free port; default 5684).", valueName: "port"))
    var bootstrapDtlsPort: String?

    @Option(help: ArgumentHelp("The LwM2M server's CoAP port (0: any free port; default 5783).", valueName: "port"))
    var serverPort: String?

    @Option(help: ArgumentHelp("The LwM2M server's DTLS port (0: any free port; default 5784).", valueName: "port"))
    var serverDtlsPort: String?

    @Option(help: ArgumentHelp("Default time a device has to answer one request (bare number: ms; default 180000ms).", valueName: "duration"))
    var requestTimeout: String?

    @Option(help: ArgumentHelp("The shortest request timeout any request gets (bare number: ms; default 10000ms).", valueName: "duration"))
    var minRequestTimeout: String?

    @Option(help: ArgumentHelp("The longest request timeout any request gets (bare number: ms; default 600000ms).", valueName: "duration"))
    var maxRequestTimeout: String?

    @Option(help: ArgumentHelp("How long a device stays reachable after Register/Update when neither the device nor its registration says (bare number: ms; default 0 = always online).", valueName: "duration"))
    var awakeTime: String?

    @Option(help: ArgumentHelp("The registration lifetime written at bootstrap when the device has none (bare number: s; default 432000s).", valueName: "duration"))
    var lifetime: String?

    @Option(help: ArgumentHelp("Extra time after a registration's lifetime before the device counts as offline (bare number: s; default 14400s).", valueName: "duration"))
    var grace: String?

    @Option(help: ArgumentHelp("Operations queued per device at most (default 1000).", valueName: "n"))
    var queueLimit: String?

    @Option(help: ArgumentHelp("Firmware updates running at once; more wait PENDING in order (default 50).", valueName: "n"))
    var maxFirmwareJobs: String?

    /// The flags given, by setting (unset flags fall through to the environment, the file, the default).
    var given: [ConfigurationSetting: String] {
        let pairs: [(ConfigurationSetting, String?)] = [
            (.bind, bind), (.bootstrapPort, bootstrapPort), (.bootstrapDtlsPort, bootstrapDtlsPort), (.serverPort, serverPort),
            (.serverDtlsPort, serverDtlsPort), (.requestTimeout, requestTimeout), (.minRequestTimeout, minRequestTimeout),
            (.maxRequestTimeout, maxRequestTimeout), (.awakeTime, awakeTime), (.lifetime, lifetime), (.grace, grace),
            (.queueLimit, queueLimit), (.maxFirmwareJobs, maxFirmwareJobs),
        ]
        var given: [ConfigurationSetting: String] = [:]
        for (setting, text) in pairs { if let text { given[setting] = text } }
        return given
    }

    /// Checks each flag on its own at parse time (usage errors); checks across settings happen
    /// once the environment and the file are merged in (`EffectiveConfiguration`).
    func validate() throws {
        for (setting, text) in given.sorted(by: { $0.key.flag < $1.key.flag }) {
            do {
                _ = try SettingValue.parse(text, for: setting, label: setting.flag)
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    /// The unit of a bare number.
    enum BareUnit { case milliseconds, seconds }

    /// Parses `500ms`, `5s`, `1.5s`, `2m` or a bare number in `bareUnit`; never negative.
    static func duration(_ text: String, bareUnit: BareUnit, flag: String) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let (number, scale): (Substring, Double) =
            if trimmed.hasSuffix("ms") { (trimmed.dropLast(2), 1) }
            else if trimmed.hasSuffix("s") { (trimmed.dropLast(1), 1_000) }
            else if trimmed.hasSuffix("m") { (trimmed.dropLast(1), 60_000) }
            else { (Substring(trimmed), bareUnit == .milliseconds ? 1 : 1_000) }
        guard let value = Double(number), value.isFinite, value >= 0, number.first?.isNumber == true else {
            throw ValidationError("\(flag) \(text) is not a duration (examples: 500ms, 5s, 1.5s, 2m)")
        }
        let milliseconds = value * scale
        guard milliseconds <= 366 * 86_400_000 else { throw ValidationError("\(flag) \(text) is longer than a year") }
        return .milliseconds(Int64(milliseconds.rounded()))
    }

    /// A duration as `123ms` for messages.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds * 1_000 + attoseconds / 1_000_000_000_000_000)ms"
    }
}
