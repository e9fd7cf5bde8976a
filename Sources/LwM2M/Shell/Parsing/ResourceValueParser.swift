import Foundation

/// Turns typed text into a `ResourceValue` of a resource's type, refusing what does not fit
/// (the check that keeps `write /3/0/9 abc` from ever reaching a device).
enum ResourceValueParser {
    /// Why a text is not a value of the type.
    struct Failure: Error { var message: String }

    /// Parses `text` as a value of `resource`'s type; an unknown resource takes the text as a
    /// String (the device has the final say).
    static func parse(_ text: String, for resource: ResourceDefinition?) throws(Failure) -> ResourceValue {
        guard let resource else { return .string(text) }
        let value = try parse(text, as: resource.type)
        try check(value, against: resource.range)
        return value
    }

    /// Parses a JSON value for `resource`; an unknown resource gets the JSON value's own type.
    static func value(from json: JSONValue, for resource: ResourceDefinition?) throws(Failure) -> ResourceValue {
        if resource == nil {
            switch json {
            case .bool(let value): return .boolean(value)
            case .integer(let value): return .integer(value)
            case .unsigned(let value): return .unsignedInteger(value)
            case .float(let value): return .float(value)
            case .string(let value): return .string(value)
            case .null, .array, .object: throw Failure(message: "expected a single value, found \(json.kindName)")
            }
        }
        guard let text = json.scalarText else {
            throw Failure(message: "expected a single value, found \(json.kindName)")
        }
        return try parse(text, for: resource)
    }

    /// Parses text as a value of a type, without range checks.
    static func parse(_ text: String, as type: ResourceType) throws(Failure) -> ResourceValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch type {
        case .string:
            return .string(text)
        case .corelnk:
            return .corelnk(text)
        case .integer:
            guard let value = Int64(trimmed) else {
                throw Failure(message: "'\(text)' is not an Integer (a whole number such as 42 or -7)")
            }
            return .integer(value)
        case .unsignedInteger:
            guard let value = UInt64(trimmed) else {
                throw Failure(message: "'\(text)' is not an Unsigned Integer (a whole number from 0 to \(UInt64.max))")
            }
            return .unsignedInteger(value)
        case .float:
            guard let value = Double(trimmed), value.isFinite, !trimmed.lowercased().contains("x") else {
                throw Failure(message: "'\(text)' is not a Float (a number such as 21.5 or -3e2)")
            }
            return .float(value)
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "1": return .boolean(true)
            case "false", "0": return .boolean(false)
            default: throw Failure(message: "'\(text)' is not a Boolean (true, false, 1 or 0)")
            }
        case .opaque:
            guard let bytes = HexBytes.parse(trimmed) else {
                throw Failure(message: "'\(text)' is not Opaque data in hex (an even number of hex digits such as 0a1bff)")
            }
            return .opaque(bytes)
        case .time:
            if let seconds = Int64(trimmed) { return .time(seconds) }
            if let seconds = parseISO8601(trimmed) { return .time(seconds) }
            throw Failure(message: "'\(text)' is not a Time (seconds since 1970, or ISO 8601 such as 2026-11-24T20:00:00Z)")
        case .objlnk:
            let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let object = UInt16(parts[0]), let instance = UInt16(parts[1]) else {
                throw Failure(message: "'\(text)' is not an Objlnk (objectID:instanceID such as 3:0; 65535:65535 is the null link)")
            }
            return .objlnk(ObjectLink(objectID: object, instanceID: instance))
        case .none:
            throw Failure(message: "it is executable and holds no value")
        }
    }

    /// Refuses a value outside the resource's range (numbers) or byte length (String, Opaque).
    static func check(_ value: ResourceValue, against range: ValueRange?) throws(Failure) {
        guard let range else { return }
        let (measured, what): (Double?, String) = switch value {
        case .integer(let v): (Double(v), "\(v)")
        case .unsignedInteger(let v): (Double(v), "\(v)")
        case .float(let v): (v, "\(v)")
        case .string(let v): (Double(v.utf8.count), "a length of \(v.utf8.count) bytes")
        case .opaque(let v): (Double(v.count), "a length of \(v.count) bytes")
        default: (nil, "")
        }
        if let measured, !range.contains(measured) {
            throw Failure(message: "\(what) is outside the allowed range \(range)")
        }
    }

    private static func parseISO8601(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970.rounded(.down)) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970.rounded(.down)) }
        return nil
    }
}
