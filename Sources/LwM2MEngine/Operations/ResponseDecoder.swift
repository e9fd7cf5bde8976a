import CoAP
import LwM2M

/// Turns a device's answer into lines for people (SPEC §5): decoded with the object model and
/// rendered with `ResultRenderer`; link format link by link; anything undecodable as hex with
/// the reason, so the operator always sees what the device sent.
struct ResponseDecoder: Sendable {
    /// The model names and types come from.
    var model: ObjectModel

    /// The result lines and decoded values (empty when the payload held none).
    func decode(_ response: CoAPResponse, path: LwM2MPath) -> (lines: [String], nodes: LwM2MNodes) {
        let payload = response.payload
        guard !payload.isEmpty else { return ([], LwM2MNodes()) }
        guard let number = response.options.contentFormat ?? (path.level >= .resource ? ContentFormat.text.rawValue : nil) else {
            return (["(no content format) " + Self.hexAndText(payload)], LwM2MNodes())
        }
        guard let format = ContentFormat(rawValue: number) else {
            return (["(content format \(number)) " + Self.hexAndText(payload)], LwM2MNodes())
        }
        if format == .linkFormat {
            let text = String(decoding: payload, as: UTF8.self)
            do {
                return (try CoRELinkFormat.parse(text).map(\.description), LwM2MNodes())
            } catch {
                return (["undecodable link format (\(error)): \(text)"], LwM2MNodes())
            }
        }
        do {
            let nodes = try LwM2MCodec.decode(payload, format: format, path: path, types: model.typeLookup)
            return (ResultRenderer(model: model).lines(for: nodes), nodes)
        } catch {
            return (["undecodable \(format) payload (\(error)): " + Self.hexAndText(payload)], LwM2MNodes())
        }
    }

    /// `0x…` hex of at most 256 bytes, with the length.
    static func hexAndText(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var hex = ""
        for byte in bytes.prefix(256) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return "0x\(hex)\(bytes.count > 256 ? "…" : "") (\(bytes.count) bytes)"
    }
}
