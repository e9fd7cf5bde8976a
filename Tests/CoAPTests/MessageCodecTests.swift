import NIOCore
import Testing
@testable import CoAP

@Suite("Message codec (RFC 7252 §3)")
struct MessageCodecTests {
    @Test("a message with extended option deltas and lengths survives a round trip")
    func roundTrip() throws {
        var options = CoAPOptions()
        options.uriPath = ["rd", String(repeating: "x", count: 20), String(repeating: "y", count: 300)]
        options.uriQuery = ["ep=device-1", "lt=300"]
        options.contentFormat = 11_543
        options.size1 = 70_000
        options.append(CoAPOption(number: 2048, value: [1, 2, 3]))
        let message = CoAPMessage(
            type: .confirmable, code: .post, messageID: 0xBEEF, token: CoAPToken(packed: 0x0102_0304_0506_0708, length: 8),
            options: options, payload: Array("hello".utf8))
        let decoded = try #require(try CoAPMessageCodec.decode(CoAPMessageCodec.encode(message)))
        #expect(decoded == message)
        #expect(decoded.options.uriPath[2].count == 300)
        #expect(decoded.options.contentFormat == 11_543)
        #expect(decoded.token.bytes == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test("the bytes of a known message match RFC 7252's layout")
    func knownBytes() throws {
        // CON GET mid 0x1234 token 0xAB, Uri-Path "time": 0x41 0x01 0x12 0x34 0xAB 0xB4 "time"
        var options = CoAPOptions()
        options.uriPath = ["time"]
        let message = CoAPMessage(type: .confirmable, code: .get, messageID: 0x1234, token: CoAPToken(packed: 0xAB, length: 1), options: options)
        let bytes = Array(CoAPMessageCodec.encode(message).readableBytesView)
        #expect(bytes == [0x41, 0x01, 0x12, 0x34, 0xAB, 0xB4] + Array("time".utf8))
    }

    @Test("malformed datagrams throw with what could be read", arguments: [
        ([0x40, 0x01, 0x00] as [UInt8], "shorter than the 4-byte header"),
        ([0x49, 0x01, 0x00, 0x01] + [UInt8](repeating: 0, count: 9), "token length 9"),
        ([0x4F, 0x01, 0x00, 0x01], "token length 15"),
        ([0x40, 0x01, 0x00, 0x01, 0xF1, 0x00], "option delta 15"),
        ([0x40, 0x01, 0x00, 0x01, 0x1F], "option length 15"),
        ([0x40, 0x01, 0x00, 0x01, 0xFF], "payload marker with no payload"),
        ([0x40, 0x01, 0x00, 0x01, 0xB5, 0x61], "runs past the end"),
        ([0x40, 0x01, 0x00, 0x01, 0xD1], "truncated"),
        ([0x41, 0x00, 0x00, 0x01, 0x07], "empty message"),
        ([0x42, 0x01, 0x00, 0x01, 0x07], "token of 2 bytes is truncated"),
    ])
    func malformed(bytes: [UInt8], why: String) {
        #expect {
            _ = try CoAPMessageCodec.decode(bytes)
        } throws: { error in
            (error as? CoAPDecodeError)?.message.contains(why) == true
        }
    }

    @Test("a CON with a format error still reveals its message ID for the RST")
    func malformedKeepsHeader() {
        do {
            _ = try CoAPMessageCodec.decode([0x40, 0x01, 0x12, 0x34, 0xFF])
            Issue.record("expected a decode error")
        } catch {
            #expect(error.type == .confirmable)
            #expect(error.messageID == 0x1234)
        }
    }

    @Test("a datagram with CoAP version 2 is ignored, not an error")
    func wrongVersion() throws {
        #expect(try CoAPMessageCodec.decode([0x80, 0x01, 0x00, 0x01]) == nil)
    }

    @Test("block values encode number, more flag and size exponent")
    func blockValues() throws {
        let block = CoAPBlock(number: 5, more: true, szx: 6)
        #expect(block.optionValue == 5 << 4 | 0x8 | 6)
        #expect(block.size == 1024)
        #expect(block.offset == 5120)
        #expect(CoAPBlock(optionValue: [0x5E]) == block)
        #expect(CoAPBlock(optionValue: [0x07]) == nil, "szx 7 is reserved")
        #expect(CoAPBlock.szx(forSize: 1000) == 5)
        #expect(CoAPBlock.szx(forSize: 16) == 0)
    }

    @Test("ten thousand seeded random datagrams never crash the decoder")
    func randomBytes() {
        var rng = SplitMix64(seed: 7)
        var decodedOK = 0
        var rejected = 0
        for _ in 0..<10_000 {
            let count = Int.random(in: 0...40, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if !bytes.isEmpty { bytes[0] = 0x40 | (bytes[0] & 0x3F) }  // mostly version 1, to reach deep paths
            do {
                if try CoAPMessageCodec.decode(bytes) != nil { decodedOK += 1 }
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 1000)
        #expect(decodedOK > 100)
    }
}
