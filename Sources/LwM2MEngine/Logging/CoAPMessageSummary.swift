import CoAP
import LwM2M

/// One line describing a CoAP message for a VERBOSE device's event log: direction, type, code,
/// message ID, token, options in short form, payload size and a short preview.
enum CoAPMessageSummary {
    /// Payload bytes shown in a preview (hex), or characters when the payload is text.
    static let previewLength = 32

    /// The line for `bytes` (a plain CoAP message, decrypted when it came over DTLS).
    static func text(_ bytes: [UInt8], direction: CoAPTappedMessage.Direction, secure: Bool) -> String {
        let arrow = direction == .sent ? "sent" : "received"
        let transport = secure ? " [DTLS, decrypted]" : ""
        let message: CoAPMessage
        do {
            guard let decoded = try CoAPMessageCodec.decode(bytes) else {
                return "\(arrow) a datagram that is not CoAP version 1 (\(bytes.count) bytes)\(transport)"
            }
            message = decoded
        } catch {
            return "\(arrow) a malformed CoAP message (\(bytes.count) bytes: \(error))\(transport)"
        }
        var parts = [arrow, message.type.description, codeText(message.code), "MID \(message.messageID)"]
        if message.token.length > 0 { parts.append("token \(message.token)") }
        parts += message.options.all.isEmpty ? [] : [options(message.options)]
        parts.append(payload(message.payload))
        return parts.joined(separator: " ") + transport
    }

    /// `GET`, `2.05 Content`, or `0.00 Empty` for empty ACK/RST.
    private static func codeText(_ code: CoAPCode) -> String {
        let text = code.description
        // Requests read better as the bare method; responses keep the dotted code.
        guard code.codeClass == 0, !code.isEmpty, let space = text.firstIndex(of: " ") else {
            return code.isEmpty ? "0.00 Empty" : text
        }
        return String(text[text.index(after: space)...])
    }

    /// Options as `Name=value`, repeated ones joined (`Uri-Path=3/0/0`, `Uri-Query=ep=x&lt=60`).
    static func options(_ options: CoAPOptions) -> String {
        var items: [String] = []
        var index = 0
        let all = options.all
        while index < all.count {
            let number = all[index].number
            var values: [CoAPOption] = []
            while index < all.count, all[index].number == number {
                values.append(all[index])
                index += 1
            }
            items.append(optionText(number, values))
        }
        return items.joined(separator: " ")
    }

    private static func optionText(_ number: UInt16, _ values: [CoAPOption]) -> String {
        let first = values[0]
        switch number {
        case CoAPOptionNumber.uriPath: return "Uri-Path=" + values.map(\.stringValue).joined(separator: "/")
        case CoAPOptionNumber.locationPath: return "Location-Path=" + values.map(\.stringValue).joined(separator: "/")
        case CoAPOptionNumber.uriQuery: return "Uri-Query=" + values.map(\.stringValue).joined(separator: "&")
        case CoAPOptionNumber.uriHost: return "Uri-Host=" + first.stringValue
        case CoAPOptionNumber.contentFormat: return "Content-Format=\(first.uintValue ?? 0)"
        case CoAPOptionNumber.accept: return "Accept=\(first.uintValue ?? 0)"
        case CoAPOptionNumber.observe: return "Observe=\(first.uintValue ?? 0)"
        case CoAPOptionNumber.maxAge: return "Max-Age=\(first.uintValue ?? 0)"
        case CoAPOptionNumber.uriPort: return "Uri-Port=\(first.uintValue ?? 0)"
        case CoAPOptionNumber.size1: return "Size1=\(first.uintValue ?? 0)"
        case CoAPOptionNumber.size2: return "Size2=\(first.uintValue ?? 0)"
        case CoAPOptionNumber.block1: return "Block1=" + blockText(first)
        case CoAPOptionNumber.block2: return "Block2=" + blockText(first)
        case CoAPOptionNumber.eTag: return "ETag=" + values.map { hex($0.value) }.joined(separator: ",")
        default: return "#\(number)=" + values.map { hex($0.value) }.joined(separator: ",")
        }
    }

    /// `NUM/M/SIZE` as RFC 7959 writes it.
    private static func blockText(_ option: CoAPOption) -> String {
        guard let raw = option.uintValue else { return hex(option.value) }
        return "\(raw >> 4)/\((raw >> 3) & 1)/\(16 << Int(raw & 0x7))"
    }

    /// `no payload`, `5 bytes "hello"` for printable UTF-8, else hex: `24 bytes c800…`.
    static func payload(_ bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "no payload" }
        let size = bytes.count == 1 ? "1 byte" : "\(bytes.count) bytes"
        if let text = String(validating: bytes, as: UTF8.self), text.unicodeScalars.allSatisfy(isPrintable) {
            let shown = text.count > previewLength ? String(text.prefix(previewLength)) + "…" : text
            let escaped = shown.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
                .replacingOccurrences(of: "\t", with: "\\t")
            return "\(size) \"\(escaped)\""
        }
        return "\(size) " + HexBytes.string(bytes.prefix(previewLength)) + (bytes.count > previewLength ? "…" : "")
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\t" || (scalar.value >= 0x20 && scalar.value != 0x7F)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.isEmpty ? "(empty)" : HexBytes.string(bytes)
    }
}
