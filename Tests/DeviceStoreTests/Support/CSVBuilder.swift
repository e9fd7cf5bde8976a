import Foundation

/// Builds bulk-registration CSV text from rows given as column → value, so each test states only
/// what it changes from a valid row.
enum CSVBuilder {
    static let classicColumns = [
        "ID", "IDTYPE", "CREDENTIALS", "NAME", "TYPE", "SHELL", "com_cumulocity_model_Agent", "endpoint id",
        "lwm2m server uri", "securityMode",
    ]
    static let pskColumns = [
        "lwm2m psk_id", "lwm2m psk_key", "bootstrap psk_id", "bootstrap psk_key", "external-c8y_Lwm2mPskId",
        "external-c8y_BootstrapPskId",
    ]

    /// A valid classic NO_SEC row for `id`.
    static func noSec(_ id: String) -> [String: String] {
        [
            "ID": id, "IDTYPE": "c8y_Id", "CREDENTIALS": "Secret-Passw0rd!", "NAME": "Name of \(id)",
            "TYPE": "c8y_lwm2m", "SHELL": "1", "com_cumulocity_model_Agent": "1", "endpoint id": id,
            "lwm2m server uri": "coap://127.0.0.1:5783", "securityMode": "NO_SEC",
        ]
    }

    /// A valid classic PSK row for `id` (identities `<id>-lw` / `<id>-bs`).
    static func psk(_ id: String) -> [String: String] {
        var row = noSec(id)
        row["lwm2m server uri"] = "coaps://127.0.0.1:5784"
        row["securityMode"] = "PSK"
        row["lwm2m psk_id"] = "\(id)-lw"
        row["lwm2m psk_key"] = "00112233445566778899aabbccddeeff"
        row["bootstrap psk_id"] = "\(id)-bs"
        row["bootstrap psk_key"] = "ffeeddccbbaa99887766554433221100"
        return row
    }

    /// The CSV text: header = classic columns, then PSK columns if any row uses one, then any other
    /// columns in first-seen order; missing cells are empty.
    static func csv(_ rows: [[String: String]], separator: String = ";", lineEnd: String = "\n") -> String {
        var columns = classicColumns
        if rows.contains(where: { row in pskColumns.contains { row[$0] != nil } }) { columns += pskColumns }
        for row in rows {
            for key in row.keys.sorted() where !columns.contains(key) { columns.append(key) }
        }
        var lines = [columns.map { quote($0, separator) }.joined(separator: separator)]
        for row in rows {
            lines.append(columns.map { quote(row[$0] ?? "", separator) }.joined(separator: separator))
        }
        return lines.joined(separator: lineEnd) + lineEnd
    }

    private static func quote(_ cell: String, _ separator: String) -> String {
        if cell.contains(separator) || cell.contains("\"") || cell.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }
}
