import Foundation

/// The per-field validation rules of the importer (SPEC §2), reusable by the console's bootstrap
/// form so that a value refused on import is refused in the form with the same words.
public enum FieldRules {
    /// The problem with `value` in column `field` (a CSV header name, matched case-insensitively),
    /// or `nil` when the value is acceptable. Empty values are acceptable (optional cells are
    /// ignored); unknown fields are custom properties and always acceptable. Rules that involve
    /// several fields (PSK completeness, min ≤ max, coaps with PSK) are checked by the importer.
    public static func problem(field: String, value: String, limits: RequestTimeoutLimits = RequestTimeoutLimits())
        -> String?
    {
        guard let column = ImportColumn(header: field) else { return nil }
        return problem(column: column, value: value, limits: limits)
    }

    static func problem(column: ImportColumn, value: String, limits: RequestTimeoutLimits) -> String? {
        if value.isEmpty { return nil }
        let name = column.displayName
        switch column {
        case .id, .name, .endpoint, .serverPublicKey, .lwm2mPSKID, .bootstrapPSKID, .externalLwm2mPSKID,
            .externalBootstrapPSKID:
            return nil
        case .idType:
            return value == ExternalID.deviceIDType ? nil : "\(name) must be c8y_Id, got '\(value)'"
        case .type:
            return value == "c8y_lwm2m" ? nil : "\(name) must be c8y_lwm2m, got '\(value)'"
        case .credentials:
            return credentialsProblem(value)
        case .shell:
            return value == "0" || value == "1" ? nil : "\(name) must be 0 or 1, got '\(value)'"
        case .agent:
            return value == "1" ? nil : "\(name) must be 1, got '\(value)'"
        case .securityMode, .bootstrapSecurityMode:
            return SecurityMode(rawValue: value) != nil ? nil : "\(name) must be NO_SEC or PSK, got '\(value)'"
        case .serverURI:
            return uriProblem(value, schemes: ["coap", "coaps"], name: name)
        case .fwURL:
            return uriProblem(value, schemes: ["coap", "coaps", "http", "https"], name: name)
        case .awakeTime, .registrationLifetime, .defaultMinimumPeriod, .defaultMaximumPeriod, .disableTimeout,
            .securityInstanceOffset, .bootstrapShortServerID, .lwm2mShortServerID, .requestTimeout:
            let range = integerRange(column, limits: limits)
            guard let number = Int(value), range.contains(number) else {
                return "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value)'"
            }
            return nil
        case .generateBootstrapServerConfig, .notificationIfDisabled:
            return parseBool(value) != nil ? nil : "\(name) must be true or false, got '\(value)'"
        case .bindingMode:
            return ["U", "UQ"].contains(value) ? nil : "\(name) must be U or UQ, got '\(value)'"
        case .binaryDeliveryEncoding:
            return enumProblem(value, allowed: binaryDeliveryEncodings, name: name)
        case .serializationFormat:
            return enumProblem(value, allowed: serializationFormats, name: name)
        case .fwDeliveryMethod:
            return enumProblem(value, allowed: ["PUSH", "PULL", "BOTH"], name: name)
        case .fwSupportedProtocol:
            return enumProblem(value, allowed: ["COAP", "COAPS", "HTTP", "HTTPS"], name: name)
        case .fwResetMechanism:
            return enumProblem(value, allowed: ["PACKAGE", "PACKAGE_URI"], name: name)
        case .lwm2mPSKKey, .bootstrapPSKKey:
            return isHexKey(value) ? nil : "\(name) must be hexadecimal with an even number of digits"
        }
    }

    /// Allowed `binaryDeliveryEncoding` values (anything else becomes OPAQUE with a warning).
    static let binaryDeliveryEncodings = ["OPAQUE", "TLV", "JSON", "TEXT"]
    /// Allowed `serializationFormat` values: the LwM2M content formats.
    static let serializationFormats = ["TLV", "JSON", "SENML_JSON", "SENML_CBOR", "CBOR", "TEXT", "OPAQUE"]

    static func integerRange(_ column: ImportColumn, limits: RequestTimeoutLimits) -> ClosedRange<Int> {
        switch column {
        case .lwm2mShortServerID: 1...65_534
        case .bootstrapShortServerID, .securityInstanceOffset: 0...65_535
        case .registrationLifetime: 1...Int(Int32.max)
        case .requestTimeout: limits.minimumMs...max(limits.minimumMs, limits.maximumMs)
        default: 0...Int(Int32.max)
        }
    }

    static func parseBool(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// The key bytes of an even-length hex string, or `nil`.
    static func hexKey(_ value: String) -> Data? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count / 2)
        var high: UInt8?
        for digit in value.utf8 {
            guard let nibble = hexValue(digit) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil, !bytes.isEmpty else { return nil }
        return Data(bytes)
    }

    /// Whether `value` is non-empty, even-length hex (no allocation).
    static func isHexKey(_ value: String) -> Bool {
        let digits = value.utf8
        return !digits.isEmpty && digits.count % 2 == 0 && digits.allSatisfy { hexValue($0) != nil }
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func enumProblem(_ value: String, allowed: [String], name: String) -> String? {
        allowed.contains(value) ? nil : "\(name) must be one of \(allowed.joined(separator: ", ")), got '\(value)'"
    }

    /// Never echoes the password itself: error output ends up in terminals and log files.
    static func credentialsProblem(_ value: String) -> String? {
        var upper = false
        var lower = false
        var digit = false
        var special = false
        var length = 0
        for scalar in value.unicodeScalars {
            length += 1
            if scalar.isASCII {
                // ASCII fast path: Unicode property lookups are slow and 100,000 rows have passwords.
                switch UInt8(scalar.value) {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true
                case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
                case 0x21...0x7E: special = true
                default: break  // blanks and control characters count as nothing
                }
                continue
            }
            let properties = scalar.properties
            if properties.isUppercase {
                upper = true
            } else if properties.isLowercase {
                lower = true
            } else if properties.numericType == .decimal {
                digit = true
            } else if !properties.isWhitespace {
                special = true
            }
        }
        // Counted in Unicode scalars: the same as characters for any realistic password.
        if length >= 12, upper, lower, digit, special { return nil }
        return "CREDENTIALS must be at least 12 characters with an upper-case letter, a lower-case letter, "
            + "a digit and a special character"
    }

    private static func uriProblem(_ value: String, schemes: [String], name: String) -> String? {
        guard let scheme = uriScheme(value), schemes.contains(scheme), uriHasHost(value) else {
            let schemeList = schemes.map { "\($0)://" }.joined(separator: " or ")
            return "\(name) must be a \(schemeList) URI with a host, got '\(value)'"
        }
        return nil
    }

    /// The lower-cased scheme of `scheme://…`, or `nil`. A plain scan instead of URLComponents:
    /// this runs twice per imported row.
    static func uriScheme(_ value: String) -> String? {
        guard let authorityStart = authorityStart(value) else { return nil }
        let schemeBytes = value.utf8[..<value.utf8.index(authorityStart, offsetBy: -3)]
        guard !schemeBytes.isEmpty,
            schemeBytes.allSatisfy({
                $0 < 0x80 && (isalnum(Int32($0)) != 0 || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "."))
            })
        else { return nil }
        return String(decoding: schemeBytes, as: UTF8.self).lowercased()
    }

    /// Where the authority starts (just after the first `://`), scanning bytes.
    private static func authorityStart(_ value: String) -> String.Index? {
        let bytes = value.utf8
        var index = bytes.startIndex
        var matched = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            if matched == 0, byte == UInt8(ascii: ":") {
                matched = 1
            } else if matched > 0, byte == UInt8(ascii: "/") {
                matched += 1
                if matched == 3 { return bytes.index(after: index) }
            } else {
                matched = byte == UInt8(ascii: ":") ? 1 : 0
            }
            index = bytes.index(after: index)
        }
        return nil
    }

    /// Whether the authority after `://` has a host (an optional `:port` must be digits) and the
    /// URI holds no blanks.
    private static func uriHasHost(_ value: String) -> Bool {
        guard let start = authorityStart(value),
            !value.utf8.contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        else { return false }
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (every real URI): one Character per byte, so a byte scan gives the same answer
            // as the Character scan below at a fraction of the cost (this runs twice per row).
            return asciiAuthorityHasHost(value.utf8[start...])
        }
        let rest = value[start...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var host = Substring(authority.split(separator: "@", omittingEmptySubsequences: false).last ?? "")
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let afterBracket = host[host.index(after: close)...]
            if !afterBracket.isEmpty {
                guard afterBracket.hasPrefix(":"), afterBracket.dropFirst().allSatisfy(\.isASCIIDigit) else { return false }
            }
            return host.index(after: host.startIndex) < close
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard port.allSatisfy(\.isASCIIDigit) else { return false }
            host = host[..<colon]
        }
        return !host.isEmpty
    }
}

extension FieldRules {
    /// `uriHasHost`'s authority check over ASCII bytes (from just after `://`): the same rules as
    /// its Character version.
    fileprivate static func asciiAuthorityHasHost(_ rest: Substring.UTF8View) -> Bool {
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let authority = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        // The host part follows the last `@` (userinfo), when there is one.
        var host = authority
        if let at = authority.lastIndex(of: UInt8(ascii: "@")) { host = authority[authority.index(after: at)...] }
        if host.first == UInt8(ascii: "[") {
            guard let close = host.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let afterBracket = host[host.index(after: close)...]
            if let first = afterBracket.first {
                guard first == UInt8(ascii: ":"), afterBracket.dropFirst().allSatisfy(isDigit) else { return false }
            }
            return host.index(after: host.startIndex) < close
        }
        if let colon = host.lastIndex(of: UInt8(ascii: ":")) {
            guard host[host.index(after: colon)...].allSatisfy(isDigit) else { return false }
            host = host[..<colon]
        }
        return !host.isEmpty
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
