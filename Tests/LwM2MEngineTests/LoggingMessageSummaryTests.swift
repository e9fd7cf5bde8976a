import CoAP
import Testing
@testable import LwM2MEngine

/// The one-line form of a CoAP message in a VERBOSE device's events.
@Suite("Logging: CoAP message lines")
struct LoggingMessageSummaryTests {
    static func bytes(_ message: CoAPMessage) -> [UInt8] {
        Array(CoAPMessageCodec.encode(message).readableBytesView)
    }

    @Test("a request: method, MID, token, options in short form, no payload")
    func request() throws {
        var options = CoAPOptions()
        options.uriPath = ["3", "0", "0"]
        options.setUInt(CoAPOptionNumber.accept, 11543)
        options.setUInt(CoAPOptionNumber.observe, 0)
        let token = try #require(CoAPToken(bytes: [0x0a, 0xff]))
        let message = CoAPMessage(type: .confirmable, code: .get, messageID: 4660, token: token, options: options)
        #expect(CoAPMessageSummary.text(Self.bytes(message), direction: .sent, secure: false)
            == "sent CON GET MID 4660 token 0aff Observe=0 Uri-Path=3/0/0 Accept=11543 no payload")
    }

    @Test("a response: code, text payload quoted; over DTLS marked decrypted")
    func textResponse() {
        var options = CoAPOptions()
        options.setUInt(CoAPOptionNumber.contentFormat, 0)
        let message = CoAPMessage(type: .acknowledgement, code: .content, messageID: 7, options: options, payload: Array("Acme \"X\"\n".utf8))
        #expect(CoAPMessageSummary.text(Self.bytes(message), direction: .received, secure: true)
            == "received ACK 2.05 Content MID 7 Content-Format=0 9 bytes \"Acme \\\"X\\\"\\n\" [DTLS, decrypted]")
    }

    @Test("binary payloads as hex, cut after 32 bytes; empty ACK; Block2; malformed input named")
    func binaryAndOdd() {
        var options = CoAPOptions()
        options.block2 = CoAPBlock(number: 2, more: true, szx: 6)
        let payload = [UInt8](repeating: 0xc8, count: 40)
        let message = CoAPMessage(type: .nonConfirmable, code: .content, messageID: 1, options: options, payload: payload)
        #expect(CoAPMessageSummary.text(Self.bytes(message), direction: .received, secure: false)
            == "received NON 2.05 Content MID 1 Block2=2/1/1024 40 bytes " + String(repeating: "c8", count: 32) + "…")
        #expect(CoAPMessageSummary.text(Self.bytes(.empty(.acknowledgement, messageID: 9)), direction: .sent, secure: false)
            == "sent ACK 0.00 Empty MID 9 no payload")
        let malformed = CoAPMessageSummary.text([0x40, 0x01], direction: .received, secure: false)
        #expect(malformed.hasPrefix("received a malformed CoAP message (2 bytes: "))
    }
}
