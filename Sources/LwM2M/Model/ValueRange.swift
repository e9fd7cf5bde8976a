import Foundation

/// A numeric range from a DDF `<RangeEnumeration>` such as `0..100`, `-40..85` or `0-50`.
///
/// For numeric resources it bounds the value; for String and Opaque resources it bounds the
/// length in bytes (which is how the OMA registry uses it, e.g. `0..255 bytes`).
public struct ValueRange: Hashable, Sendable, CustomStringConvertible {
    /// The lowest allowed value.
    public let lower: Double
    /// The highest allowed value.
    public let upper: Double

    /// Creates a range; nil when `lower > upper`.
    public init?(lower: Double, upper: Double) {
        guard lower <= upper, lower.isFinite, upper.isFinite else { return nil }
        self.lower = lower
        self.upper = upper
    }

    /// Parses `a..b` (optionally followed by a unit word) or `a-b` with non-negative bounds;
    /// nil for enumerations, lists and prose, which are kept as text only.
    public init?(parsing text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if let space = body.firstIndex(of: " ") { body = body[..<space] }   // "0..255 bytes"
        let bounds: [Substring]
        if body.contains("..") {
            let parts = body.components(separatedBy: "..")
            bounds = parts.map { Substring($0) }
        } else if !body.hasPrefix("-"), body.filter({ $0 == "-" }).count == 1 {
            bounds = body.split(separator: "-", omittingEmptySubsequences: false)
        } else {
            return nil
        }
        guard bounds.count == 2, let lower = Double(bounds[0]), let upper = Double(bounds[1]) else { return nil }
        self.init(lower: lower, upper: upper)
    }

    /// True when `value` lies within the range (inclusive).
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    public var description: String { "\(Self.format(lower))..\(Self.format(upper))" }

    private static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
