import Foundation
import LwM2M

/// Reads the devices of a fleet from a CSV file.
///
/// Accepts the bulk-registration layouts (columns found by header name, `,` or `;` separated):
/// `endpoint id` (or `endpoint`, or `ID`), `securityMode` (`NO_SEC`/`PSK`), `lwm2m psk_id`,
/// `lwm2m psk_key`, `bootstrap psk_id`, `bootstrap psk_key` (keys hex), `bindingMode`
/// (`U`/`UQ`); and the short layout `endpoint,securityMode,psk_id,psk_key`. Other columns are
/// ignored. Quoted fields are supported; a quoted field may not span lines.
public enum FleetCSV {
    /// One device row.
    public struct Row: Sendable, Equatable {
        /// Endpoint client name.
        public var endpoint: String
        /// True for `PSK`.
        public var isPSK: Bool
        /// LwM2M server PSK identity and key.
        public var serverPSK: (identity: String, key: [UInt8])?
        /// Bootstrap server PSK identity and key.
        public var bootstrapPSK: (identity: String, key: [UInt8])?
        /// Queue mode from `bindingMode` = `UQ`.
        public var queueMode: Bool?

        public static func == (a: Row, b: Row) -> Bool {
            a.endpoint == b.endpoint && a.isPSK == b.isPSK && a.queueMode == b.queueMode
                && a.serverPSK?.identity == b.serverPSK?.identity && a.serverPSK?.key == b.serverPSK?.key
                && a.bootstrapPSK?.identity == b.bootstrapPSK?.identity && a.bootstrapPSK?.key == b.bootstrapPSK?.key
        }
    }

    /// Parses CSV text; errors name the line and the column.
    public static func parse(_ text: String, file: String = "CSV") throws(SimulatorError) -> [Row] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw SimulatorError("\(file): the file is empty")
        }
        let separator: Character = lines[headerIndex].filter { $0 == ";" }.count > lines[headerIndex].filter { $0 == "," }.count ? ";" : ","
        let header = try fields(lines[headerIndex], separator: separator, line: headerIndex + 1, file: file)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: String...) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let endpointColumn = column("endpoint id", "endpoint", "id") else {
            throw SimulatorError("\(file):\(headerIndex + 1): no 'endpoint id' (or 'endpoint') column in the header")
        }
        let modeColumn = column("securitymode", "security mode")
        let shortLayout = header.contains("psk_id")
        let pskID = column("lwm2m psk_id", "psk_id"), pskKey = column("lwm2m psk_key", "psk_key")
        let bsID = column("bootstrap psk_id"), bsKey = column("bootstrap psk_key")
        let binding = column("bindingmode")
        var rows: [Row] = []
        var seen: Set<String> = []
        for index in lines.indices where index > headerIndex {
            let line = lines[index]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let values = try fields(line, separator: separator, line: index + 1, file: file)
            func value(_ column: Int?) -> String {
                guard let column, column < values.count else { return "" }
                return values[column].trimmingCharacters(in: .whitespaces)
            }
            func key(_ column: Int?, _ name: String) throws(SimulatorError) -> [UInt8] {
                let text = value(column)
                guard let bytes = HexBytes.decode(text) else {
                    throw SimulatorError("\(file):\(index + 1): \(name) '\(text)' is not even-length hex")
                }
                return bytes
            }
            let endpoint = value(endpointColumn)
            guard !endpoint.isEmpty else { throw SimulatorError("\(file):\(index + 1): the endpoint is empty") }
            guard seen.insert(endpoint).inserted else { throw SimulatorError("\(file):\(index + 1): endpoint '\(endpoint)' appears twice") }
            let mode = value(modeColumn).uppercased()
            guard mode.isEmpty || mode == "NO_SEC" || mode == "PSK" else {
                throw SimulatorError("\(file):\(index + 1): securityMode '\(mode)' is not NO_SEC or PSK")
            }
            var row = Row(endpoint: endpoint, isPSK: mode == "PSK")
            if row.isPSK {
                let identity = value(pskID)
                guard !identity.isEmpty else { throw SimulatorError("\(file):\(index + 1): a PSK device needs \(shortLayout ? "psk_id" : "lwm2m psk_id")") }
                row.serverPSK = (identity, try key(pskKey, shortLayout ? "psk_key" : "lwm2m psk_key"))
                let bootstrapIdentity = value(bsID)
                if !bootstrapIdentity.isEmpty { row.bootstrapPSK = (bootstrapIdentity, try key(bsKey, "bootstrap psk_key")) }
            }
            switch value(binding).uppercased() {
            case "UQ": row.queueMode = true
            case "U": row.queueMode = false
            default: break
            }
            rows.append(row)
        }
        return rows
    }

    /// Splits one line into fields, honouring double quotes (`""` inside quotes is one quote).
    static func fields(_ line: String, separator: Character, line number: Int, file: String) throws(SimulatorError) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character?
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
                quoted = true
                current = ""
            } else if c == separator {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        guard !quoted else { throw SimulatorError("\(file):\(number): a quoted field is not closed") }
        fields.append(current)
        return fields
    }
}
