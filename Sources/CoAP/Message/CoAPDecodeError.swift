/// Why a datagram is not a valid CoAP message, with what could still be read for an RST.
public struct CoAPDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. "token length 9 is reserved".
    public var message: String
    /// Byte offset in the datagram where the problem was found.
    public var offset: Int
    /// The message type, when the 4-byte header could be read.
    public var type: CoAPMessageType?
    /// The message ID, when the 4-byte header could be read (lets a CON be rejected with RST).
    public var messageID: UInt16?

    /// Creates a decode error.
    public init(_ message: String, offset: Int, type: CoAPMessageType? = nil, messageID: UInt16? = nil) {
        self.message = message
        self.offset = offset
        self.type = type
        self.messageID = messageID
    }

    /// `malformed CoAP message at byte N: why`.
    public var description: String { "malformed CoAP message at byte \(offset): \(message)" }
}
