import ArgumentParser
import Foundation

/// The engine's network and timing flags, shared by `serve` and the console. Plain stored values
/// (ports as `Int`, times as `Duration`) for mapping onto the engine's configuration. Durations
/// take `ms`, `s` or `m` suffixes; a bare number is in the unit each flag's help names.
struct EngineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The address the four UDP endpoints bind to (IPv4 or IPv6).", valueName: "addr"))
    var bind: String = "0.0.0.0"

    @Option(help: ArgumentHelp("The bootstrap server's CoAP port (0: any free port).", valueName: "port"))
    var bootstrapPort: Int = 5683

    @Option(help: ArgumentHelp("The bootstrap server's DTLS port (0: any free port).", valueName: "port"))
    var bootstrapDtlsPort: Int = 5684

    @Option(help: ArgumentHelp("The LwM2M server's CoAP port (0: any free port).", valueName: "port"))
    var serverPort: Int = 5783

    @Option(help: ArgumentHelp("The LwM2M server's DTLS port (0: any free port).", valueName: "port"))
    var serverDtlsPort: Int = 5784

    @Option(
        help: ArgumentHelp("Default time a device has to answer one request (bare number: ms; default 180000ms).", valueName: "duration"),
        transform: { try EngineOptions.duration($0, bareUnit: .milliseconds, flag: "--request-timeout") })
    var requestTimeout: Duration = .milliseconds(180_000)

    @Option(
        help: ArgumentHelp("The shortest request timeout any request gets (bare number: ms; default 10000ms).", valueName: "duration"),
        transform: { try EngineOptions.duration($0, bareUnit: .milliseconds, flag: "--min-request-timeout") })
    var minRequestTimeout: Duration = .milliseconds(10_000)

    @Option(
        help: ArgumentHelp("The longest request timeout any request gets (bare number: ms; default 600000ms).", valueName: "duration"),
        transform: { try EngineOptions.duration($0, bareUnit: .milliseconds, flag: "--max-request-timeout") })
    var maxRequestTimeout: Duration = .milliseconds(600_000)

    @Option(
        help: ArgumentHelp("How long a device stays reachable after Register/Update when neither the device nor its registration says (bare number: ms; default 0 = always online).", valueName: "duration"),
        transform: { try EngineOptions.duration($0, bareUnit: .milliseconds, flag: "--awake-time") })
    var awakeTime: Duration = .zero

    @Option(
        help: ArgumentHelp("The registration lifetime written at bootstrap when the device has none (bare number: s; default 432000s).", valueName: "duration"),
        transform: { try EngineOptions.duration($0, bareUnit: .seconds, flag: "--lifetime") })
    var lifetime: Duration = .seconds(432_000)

    @Option(
        help: ArgumentHelp("Extra time after a registration's lifetime before the device counts as offline (bare number: s; default 14400s).", valueName: "duration"),
        transform: { try EngineOptions.duration($0, bareUnit: .seconds, flag: "--grace") })
    var grace: Duration = .seconds(14_400)

    func validate() throws {
        guard Self.isIPAddress(bind) else {
            throw ValidationError("--bind \(bind) is not an IPv4 or IPv6 address")
        }
        let ports = [
            ("--bootstrap-port", bootstrapPort), ("--bootstrap-dtls-port", bootstrapDtlsPort),
            ("--server-port", serverPort), ("--server-dtls-port", serverDtlsPort),
        ]
        for (flag, port) in ports where !(0...65_535).contains(port) {
            throw ValidationError("\(flag) \(port) is not a port (0…65535)")
        }
        for (index, (flag, port)) in ports.enumerated() where port != 0 {
            if let other = ports[..<index].first(where: { $0.1 == port }) {
                throw ValidationError("\(flag) and \(other.0) are both \(port); each endpoint needs its own port")
            }
        }
        guard minRequestTimeout > .zero else { throw ValidationError("--min-request-timeout must be positive") }
        guard minRequestTimeout <= maxRequestTimeout else {
            throw ValidationError(
                "--min-request-timeout (\(Self.milliseconds(minRequestTimeout))) is larger than --max-request-timeout (\(Self.milliseconds(maxRequestTimeout)))")
        }
        guard requestTimeout > .zero else { throw ValidationError("--request-timeout must be positive") }
        guard lifetime >= .seconds(1) else { throw ValidationError("--lifetime must be at least 1s") }
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

    private static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
