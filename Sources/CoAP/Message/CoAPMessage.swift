/// One CoAP message as carried in a UDP datagram (RFC 7252 §3).
public struct CoAPMessage: Sendable, Hashable {
    /// CON, NON, ACK or RST.
    public var type: CoAPMessageType
    /// Method, response code, or 0.00 for empty messages.
    public var code: CoAPCode
    /// The message ID used for de-duplication and ACK/RST matching.
    public var messageID: UInt16
    /// The token matching responses to requests.
    public var token: CoAPToken
    /// The options, sorted by number.
    public var options: CoAPOptions
    /// The payload (empty when absent).
    public var payload: [UInt8]

    /// Creates a message.
    public init(
        type: CoAPMessageType, code: CoAPCode, messageID: UInt16, token: CoAPToken = .empty,
        options: CoAPOptions = [], payload: [UInt8] = []
    ) {
        self.type = type
        self.code = code
        self.messageID = messageID
        self.token = token
        self.options = options
        self.payload = payload
    }

    /// An empty ACK or RST answering `messageID`.
    public static func empty(_ type: CoAPMessageType, messageID: UInt16) -> CoAPMessage {
        CoAPMessage(type: type, code: .empty, messageID: messageID)
    }
}
