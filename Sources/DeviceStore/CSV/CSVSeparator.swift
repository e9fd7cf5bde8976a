/// The cell separators a bulk-registration file may use, detected from its header line.
enum CSVSeparator: UInt8, Sendable, CaseIterable {
    case tab = 0x09
    case semicolon = 0x3B
    case comma = 0x2C

    /// Picks the separator that occurs most often outside quotes in `headerLine`; ties go to tab,
    /// then `;`, then `,` (a `;` file can hold commas in headers, rarely the reverse).
    static func detect(headerLine: ArraySlice<UInt8>) -> CSVSeparator? {
        var counts: [CSVSeparator: Int] = [:]
        var quoted = false
        for byte in headerLine {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted, let separator = CSVSeparator(rawValue: byte) {
                counts[separator, default: 0] += 1
            }
        }
        var best: CSVSeparator?
        for candidate in allCases {
            let count = counts[candidate] ?? 0
            if count > 0, count > (best.flatMap { counts[$0] } ?? 0) { best = candidate }
        }
        return best
    }
}
