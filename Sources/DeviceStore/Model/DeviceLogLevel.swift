import Foundation

/// How much the engine records about one device (SPEC §9).
public enum DeviceLogLevel: String, Sendable, Codable, CaseIterable {
    /// No lifecycle events are stored or streamed (alarms and operations still are).
    case none = "NONE"
    /// Registration, bootstrap and other lifecycle events (the default).
    case lifecycle = "LIFECYCLE"
    /// Lifecycle events plus every CoAP message to and from the device.
    case verbose = "VERBOSE"

    /// The level every device has until an operator changes it.
    public static let `default` = DeviceLogLevel.lifecycle

    /// Reads a level written by a person (`verbose`, `NONE` …); throws a message naming the choices.
    public init(parsing text: String) throws(StoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let level = DeviceLogLevel(rawValue: trimmed) else {
            throw StoreError("unknown log level '\(text)': use NONE, LIFECYCLE or VERBOSE")
        }
        self = level
    }
}
