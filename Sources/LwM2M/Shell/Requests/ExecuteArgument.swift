/// One Execute argument (LwM2M TS Core §5.4.5 arglist: `0='value'` or a bare digit `1`).
public struct ExecuteArgument: Hashable, Sendable, CustomStringConvertible {
    /// The argument number, 0–9.
    public var digit: UInt8
    /// The value between the single quotes, if any.
    public var value: String?

    /// Creates an argument.
    public init(digit: UInt8, value: String? = nil) {
        self.digit = digit
        self.value = value
    }

    public var description: String { value.map { "\(digit)='\($0)'" } ?? "\(digit)" }

    /// The Execute payload for an argument list (`0='on',1`), empty for no arguments.
    public static func payload(_ arguments: [ExecuteArgument]) -> String {
        arguments.map(\.description).joined(separator: ",")
    }

    /// True for a character the arglist grammar allows inside quotes: printable ASCII except
    /// space, `"`, `'` and `\`.
    static func isAllowedValueCharacter(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else { return false }
        return ascii == 0x21 || (0x23...0x26).contains(ascii) || (0x28...0x5B).contains(ascii) || (0x5D...0x7E).contains(ascii)
    }
}
