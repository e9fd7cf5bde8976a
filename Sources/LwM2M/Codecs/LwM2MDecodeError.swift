/// A payload that does not decode: where (byte offset, when known) and why.
public struct LwM2MDecodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The offset in the payload of the byte where decoding failed; nil when it is not about one place.
    public var byteOffset: Int?
    /// Why the payload does not decode, in words a user understands.
    public var reason: String

    /// Creates an error at a byte offset (or for the payload as a whole).
    public init(byteOffset: Int?, reason: String) {
        self.byteOffset = byteOffset
        self.reason = reason
    }

    /// The error as one line for people.
    public var description: String {
        if let byteOffset { return "at byte \(byteOffset): \(reason)" }
        return reason
    }
}
