public import NIOCore

/// Encodes and decodes CoAP messages (RFC 7252 §3).
public enum CoAPMessageCodec {
    /// Decodes one datagram; never traps on any input.
    ///
    /// Returns nil for a datagram whose version is not 1 (RFC 7252 §3: silently ignored); throws
    /// `CoAPDecodeError` for a message format error.
    public static func decode(_ datagram: ByteBuffer) throws(CoAPDecodeError) -> CoAPMessage? {
        let result: Result<CoAPMessage?, CoAPDecodeError> = datagram.withUnsafeReadableBytes { bytes in
            decode(bytes)
        }
        return try result.get()
    }

    /// Decodes a message from a byte array (convenience for tests and tools).
    public static func decode(_ bytes: [UInt8]) throws(CoAPDecodeError) -> CoAPMessage? {
        let result: Result<CoAPMessage?, CoAPDecodeError> = bytes.withUnsafeBytes { decode($0) }
        return try result.get()
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer) -> Result<CoAPMessage?, CoAPDecodeError> {
        let count = bytes.count
        guard count >= 4 else {
            return .failure(CoAPDecodeError("datagram of \(count) bytes is shorter than the 4-byte header", offset: count))
        }
        let first = bytes[0]
        guard first >> 6 == 1 else { return .success(nil) }
        let type = CoAPMessageType(rawValue: (first >> 4) & 0x3) ?? .reset
        let tokenLength = Int(first & 0x0F)
        let code = CoAPCode(rawValue: bytes[1])
        let messageID = UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        func failure(_ why: String, _ offset: Int) -> Result<CoAPMessage?, CoAPDecodeError> {
            .failure(CoAPDecodeError(why, offset: offset, type: type, messageID: messageID))
        }
        guard tokenLength <= 8 else { return failure("token length \(tokenLength) is reserved (9–15)", 0) }
        if code.isEmpty {
            guard count == 4, tokenLength == 0 else {
                return failure("an empty message (0.00) must be exactly the 4-byte header", 4)
            }
            return .success(CoAPMessage(type: type, code: code, messageID: messageID))
        }
        guard code.codeClass != 1, code.codeClass < 6 else {
            return failure("code \(code) uses a reserved class", 1)
        }
        guard count >= 4 + tokenLength else { return failure("token of \(tokenLength) bytes is truncated", count) }
        var token: UInt64 = 0
        for index in 0..<tokenLength { token = token << 8 | UInt64(bytes[4 + index]) }

        var options: [CoAPOption] = []
        var index = 4 + tokenLength
        var number = 0
        while index < count {
            let header = bytes[index]
            if header == 0xFF {
                index += 1
                guard index < count else { return failure("payload marker with no payload", index - 1) }
                let payload = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[index...]))
                return .success(CoAPMessage(
                    type: type, code: code, messageID: messageID,
                    token: CoAPToken(packed: token, length: UInt8(tokenLength)),
                    options: CoAPOptions(sorted: options), payload: payload))
            }
            let optionStart = index
            index += 1
            var delta = Int(header >> 4)
            var length = Int(header & 0x0F)
            switch delta {
            case 13:
                guard index < count else { return failure("option delta extension is truncated", index) }
                delta = 13 + Int(bytes[index])
                index += 1
            case 14:
                guard index + 1 < count else { return failure("option delta extension is truncated", index) }
                delta = 269 + (Int(bytes[index]) << 8 | Int(bytes[index + 1]))
                index += 2
            case 15:
                return failure("option delta 15 is reserved outside the payload marker", optionStart)
            default: break
            }
            switch length {
            case 13:
                guard index < count else { return failure("option length extension is truncated", index) }
                length = 13 + Int(bytes[index])
                index += 1
            case 14:
                guard index + 1 < count else { return failure("option length extension is truncated", index) }
                length = 269 + (Int(bytes[index]) << 8 | Int(bytes[index + 1]))
                index += 2
            case 15:
                return failure("option length 15 is reserved", optionStart)
            default: break
            }
            number += delta
            guard number <= Int(UInt16.max) else { return failure("option number \(number) exceeds 65535", optionStart) }
            guard index + length <= count else {
                return failure("option \(number) value of \(length) bytes runs past the end", optionStart)
            }
            let value = length == 0 ? [] : [UInt8](UnsafeRawBufferPointer(rebasing: bytes[index..<(index + length)]))
            options.append(CoAPOption(number: UInt16(number), value: value))
            index += length
        }
        return .success(CoAPMessage(
            type: type, code: code, messageID: messageID,
            token: CoAPToken(packed: token, length: UInt8(tokenLength)),
            options: CoAPOptions(sorted: options), payload: []))
    }

    /// Appends the wire form of `message` to `buffer`.
    public static func encode(_ message: CoAPMessage, into buffer: inout ByteBuffer) {
        let tokenLength = message.token.length
        buffer.writeInteger(UInt8(0x40 | message.type.rawValue << 4 | tokenLength))
        buffer.writeInteger(message.code.rawValue)
        buffer.writeInteger(message.messageID)
        if tokenLength > 0 {
            var shift = UInt64(tokenLength - 1) * 8
            for _ in 0..<tokenLength {
                buffer.writeInteger(UInt8(truncatingIfNeeded: message.token.packed >> shift))
                shift &-= 8
            }
        }
        var previous = 0
        for option in message.options.all {
            let delta = Int(option.number) - previous
            previous = Int(option.number)
            let length = option.value.count
            let (deltaNibble, deltaExtra) = nibble(delta)
            let (lengthNibble, lengthExtra) = nibble(length)
            buffer.writeInteger(UInt8(deltaNibble << 4 | lengthNibble))
            writeExtension(deltaNibble, deltaExtra, into: &buffer)
            writeExtension(lengthNibble, lengthExtra, into: &buffer)
            buffer.writeBytes(option.value)
        }
        if !message.payload.isEmpty {
            buffer.writeInteger(UInt8(0xFF))
            buffer.writeBytes(message.payload)
        }
    }

    /// Encodes `message` into a new buffer.
    public static func encode(_ message: CoAPMessage, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 16 + message.payload.count + message.options.count * 8)
        encode(message, into: &buffer)
        return buffer
    }

    private static func nibble(_ value: Int) -> (UInt8, Int) {
        if value < 13 { return (UInt8(value), 0) }
        if value < 269 { return (13, value - 13) }
        return (14, value - 269)
    }

    private static func writeExtension(_ nibble: UInt8, _ extra: Int, into buffer: inout ByteBuffer) {
        if nibble == 13 { buffer.writeInteger(UInt8(truncatingIfNeeded: extra)) }
        if nibble == 14 { buffer.writeInteger(UInt16(truncatingIfNeeded: extra)) }
    }
}
