import Foundation

/// The verbs that configure rather than carry resource values: writeattr, fwupdate,
/// serialization, coap.
extension LineParser {
    // MARK: writeattr

    func writeAttributes() throws(ShellCommandError) -> ShellCommand {
        guard let first = arguments.first else { throw fail("a path and attributes are missing") }
        let target = try path(first, levels: [.object, .objectInstance, .resource, .resourceInstance], needing: nil)
        let text = rest(from: 1)
        let items = text.split(whereSeparator: { $0 == "&" || $0.isWhitespace })
        guard !items.isEmpty else { throw fail("no attributes given for \(target)") }
        var attributes = NotificationAttributes()
        var seen: Set<String> = []
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].lowercased()
            let valueText = parts.count > 1 ? String(parts[1]) : ""
            guard seen.insert(name).inserted else { throw fail("attribute '\(name)' is given twice") }
            switch name {
            case "pmin": attributes.pmin = try period(name, valueText)
            case "pmax": attributes.pmax = try period(name, valueText)
            case "epmin": attributes.epmin = try period(name, valueText)
            case "epmax": attributes.epmax = try period(name, valueText)
            case "gt", "lt", "st":
                try requireNumericResource(target, attribute: name)
                let change = try threshold(name, valueText)
                if name == "gt" { attributes.gt = change } else if name == "lt" { attributes.lt = change } else { attributes.st = change }
            case "cancel":
                guard parts.count == 1 else { throw fail("'cancel' takes no value") }
                attributes.cancel = true
            default:
                throw fail("unknown attribute '\(parts[0])'; use pmin, pmax, gt, lt, st, epmin, epmax or cancel")
            }
        }
        try checkConsistency(attributes)
        return .writeAttributes(target, attributes)
    }

    private func period(_ name: String, _ text: String) throws(ShellCommandError) -> AttributeChange<UInt32> {
        if text.isEmpty { return .clear }
        guard let seconds = UInt32(text) else {
            throw fail("\(name) must be a whole number of seconds (0 or more), not '\(text)'")
        }
        return .set(seconds)
    }

    private func threshold(_ name: String, _ text: String) throws(ShellCommandError) -> AttributeChange<Double> {
        if text.isEmpty { return .clear }
        guard let value = Double(text), value.isFinite else {
            throw fail("\(name) must be a number, not '\(text)'")
        }
        if name == "st", value < 0 { throw fail("st (step) cannot be negative") }
        return .set(value)
    }

    /// gt/lt/st only make sense on one numeric resource (LwM2M TS Core §5.1.2).
    private func requireNumericResource(_ target: LwM2MPath, attribute: String) throws(ShellCommandError) {
        guard target.level >= .resource else {
            throw fail("\(attribute) applies to a resource; \(target) is not a resource path")
        }
        if let resource = model.resource(at: target), ![.integer, .unsignedInteger, .float].contains(resource.type) {
            throw fail("\(attribute) applies to numeric resources; \(label(target)) is not numeric")
        }
    }

    private func checkConsistency(_ attributes: NotificationAttributes) throws(ShellCommandError) {
        if case .set(let pmin) = attributes.pmin, case .set(let pmax) = attributes.pmax, pmin > pmax {
            throw fail("pmin (\(pmin)) must not be greater than pmax (\(pmax))")
        }
        if case .set(let epmin) = attributes.epmin, case .set(let epmax) = attributes.epmax, epmin > epmax {
            throw fail("epmin (\(epmin)) must not be greater than epmax (\(epmax))")
        }
        if case .set(let lt) = attributes.lt, case .set(let gt) = attributes.gt {
            let n = NotificationAttributes.format
            guard lt < gt else { throw fail("lt (\(n(lt))) must be less than gt (\(n(gt)))") }
            if case .set(let st) = attributes.st, !(lt + 2 * st < gt) {
                throw fail("lt + 2×st must be less than gt (here \(n(lt)) + 2×\(n(st)) ≥ \(n(gt)))")
            }
        }
    }

    // MARK: fwupdate

    func firmwareUpdate() throws(ShellCommandError) -> FirmwareUpdateRequest {
        let text = rest(from: 0)
        let parts = text.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3 else {
            throw fail("expected NAME;VERSION;URL separated by semicolons, found '\(text)'")
        }
        guard !parts[0].isEmpty else { throw fail("the firmware name is empty") }
        guard !parts[1].isEmpty else { throw fail("the firmware version is empty") }
        let schemes = ["http", "https", "coap", "coaps"]
        guard let url = URL(string: parts[2]), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw fail("'\(parts[2])' is not a firmware URL (http, https, coap or coaps with a host)")
        }
        return FirmwareUpdateRequest(name: parts[0], version: parts[1], url: parts[2])
    }

    // MARK: serialization

    func serialization() throws(ShellCommandError) -> SerializationSetting {
        let names = SerializationSetting.allCases.map(\.rawValue).joined(separator: ", ")
        guard arguments.count == 1 else {
            throw fail(arguments.isEmpty ? "a format is missing; one of \(names)" : "expected one format, found '\(rest(from: 0))'")
        }
        let name = arguments[0].text.uppercased().replacingOccurrences(of: "-", with: "_")
        guard let setting = SerializationSetting(rawValue: name) else {
            throw fail("'\(arguments[0].text)' is not a format; one of \(names)")
        }
        return setting
    }

    // MARK: coap

    func rawCoAP() throws(ShellCommandError) -> RawCoAPRequest {
        guard !arguments.isEmpty else { throw fail("a JSON object describing the request is missing") }
        let members = try jsonObject(rest(from: 0), what: "the request", example: #"{"method":"GET","uri":"/3/0/0"}"#)
        let known: Set<String> = ["method", "uri", "contentFormat", "accept", "payloadHex"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("unknown key '\(unknown)'; the keys are method, uri, contentFormat, accept, payloadHex")
        }
        guard case .string(let methodName)? = members["method"] else {
            throw fail("\"method\" is missing or not a string (GET, POST, PUT, DELETE, FETCH, PATCH, IPATCH)")
        }
        guard let method = RawCoAPRequest.Method(rawValue: methodName.uppercased()) else {
            throw fail("'\(methodName)' is not a CoAP method (GET, POST, PUT, DELETE, FETCH, PATCH, IPATCH)")
        }
        guard case .string(let uri)? = members["uri"], uri.hasPrefix("/") else {
            throw fail("\"uri\" is missing or does not start with / (e.g. \"/3/0/0\")")
        }
        let pieces = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let uriPath = pieces[0].split(separator: "/").map(String.init)
        let uriQuery = pieces.count > 1 ? pieces[1].split(separator: "&").map(String.init) : []
        let contentFormat = try optionNumber(members["contentFormat"], key: "contentFormat")
        let accept = try optionNumber(members["accept"], key: "accept")
        var payload: [UInt8] = []
        if let hexValue = members["payloadHex"] {
            guard case .string(let hex) = hexValue, let bytes = HexBytes.parse(hex) else {
                throw fail("\"payloadHex\" must be a string of hex digits (even length)")
            }
            payload = bytes
        }
        return RawCoAPRequest(method: method, uriPath: uriPath, uriQuery: uriQuery, contentFormat: contentFormat, accept: accept, payload: payload)
    }

    private func optionNumber(_ value: JSONValue?, key: String) throws(ShellCommandError) -> UInt16? {
        guard let value else { return nil }
        guard case .integer(let number) = value, let option = UInt16(exactly: number) else {
            throw fail("\"\(key)\" must be a content-format number from 0 to 65535")
        }
        return option
    }
}
