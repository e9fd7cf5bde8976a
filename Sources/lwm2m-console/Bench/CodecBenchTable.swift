/// Column formatting shared by the codec benchmarks' tables.
enum CodecBenchTable {
    /// Left-aligns `s` in a column of `width`.
    static func column(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    /// A rate with no decimals and thousands grouped by spaces.
    static func rate(_ value: Double) -> String {
        let digits = Array(String(Int(value.rounded())))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(" ") }
            out.append(c)
        }
        return out
    }
}
