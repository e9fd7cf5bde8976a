/// One meaningful line of a TOML-subset file: a section header or a `key = value` entry.
public enum TOMLLine: Sendable, Equatable {
    /// `[name]` on `line`.
    case section(name: String, line: Int)
    /// `key = value` on `line`.
    case entry(key: String, value: TOMLValue, line: Int)
}
