/// The answer to one shell request.
public struct ShellResult: Sendable, Equatable {
    /// CoAP response code and text, e.g. "2.05 Content".
    public var code: String
    /// True for a success code (2.xx).
    public var isSuccess: Bool
    /// Decoded result lines ("/3/0/0 Manufacturer = \"Acme\"").
    public var lines: [String]
    /// Round-trip time in milliseconds.
    public var milliseconds: Int

    /// Creates a result.
    public init(code: String, isSuccess: Bool, lines: [String], milliseconds: Int) {
        self.code = code
        self.isSuccess = isSuccess
        self.lines = lines
        self.milliseconds = milliseconds
    }
}
