/// Parses and renders CoRE link format (RFC 6690), as used by LwM2M registration payloads
/// (`</>;rt="oma.lwm2m";ct=11543,</1/0>,</3/0>;ver=1.1`) and Discover answers
/// (`</3/0/7>;dim=2;pmin=10`).
public enum CoRELinkFormat {
    /// Parses a link-format document; whitespace around links and separators is tolerated, an
    /// empty document has no links.
    public static func parse(_ text: String) throws(CoRELinkError) -> [CoRELink] {
        var parser = LinkParser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }

    /// Renders links as a link-format document (links separated by `,`).
    public static func render(_ links: [CoRELink]) -> String {
        links.map { link in
            var s = "<\(link.target)>"
            for a in link.attributes {
                s += ";" + a.name
                guard let value = a.value else { continue }
                if a.isQuoted || !CoRELinkAttribute.isToken(value) {
                    var escaped = ""
                    for c in value {
                        if c == "\"" || c == "\\" { escaped.append("\\") }
                        escaped.append(c)
                    }
                    s += "=\"\(escaped)\""
                } else {
                    s += "=" + value
                }
            }
            return s
        }.joined(separator: ",")
    }
}

/// The RFC 6690 grammar over UTF-8 bytes.
private struct LinkParser {
    let bytes: [UInt8]
    var p = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String, at offset: Int? = nil) -> CoRELinkError {
        CoRELinkError(offset: offset ?? p, reason: reason)
    }

    mutating func skipWhitespace() {
        while p < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[p]) { p += 1 }
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    mutating func parseDocument() throws(CoRELinkError) -> [CoRELink] {
        var links: [CoRELink] = []
        skipWhitespace()
        if p == bytes.count { return links }
        while true {
            links.append(try parseLink())
            skipWhitespace()
            if p == bytes.count { return links }
            guard bytes[p] == UInt8(ascii: ",") else { throw error("expected ',' or ';' after a link") }
            p += 1
            skipWhitespace()
        }
    }

    mutating func parseLink() throws(CoRELinkError) -> CoRELink {
        guard p < bytes.count, bytes[p] == UInt8(ascii: "<") else { throw error("expected '<' to start a link") }
        let start = p
        p += 1
        let targetStart = p
        while p < bytes.count, bytes[p] != UInt8(ascii: ">") {
            guard bytes[p] != UInt8(ascii: "<"), bytes[p] > 0x20 else { throw error("unexpected character in a link target") }
            p += 1
        }
        guard p < bytes.count else { throw error("link target never closes with '>'", at: start) }
        let target = text(targetStart..<p)
        p += 1
        var attributes: [CoRELinkAttribute] = []
        while true {
            skipWhitespace()
            guard p < bytes.count, bytes[p] == UInt8(ascii: ";") else { break }
            p += 1
            skipWhitespace()
            attributes.append(try parseAttribute())
        }
        return CoRELink(target: target, attributes: attributes)
    }

    mutating func parseAttribute() throws(CoRELinkError) -> CoRELinkAttribute {
        let nameStart = p
        while p < bytes.count, Self.isNameByte(bytes[p]) { p += 1 }
        guard p > nameStart else { throw error("expected a parameter name after ';'") }
        let name = text(nameStart..<p)
        skipWhitespace()
        guard p < bytes.count, bytes[p] == UInt8(ascii: "=") else {
            return CoRELinkAttribute(name: name, value: nil, quoted: false)
        }
        p += 1
        skipWhitespace()
        if p < bytes.count, bytes[p] == UInt8(ascii: "\"") {
            let quoteStart = p
            p += 1
            var value: [UInt8] = []
            while true {
                guard p < bytes.count else { throw error("quoted value of '\(name)' never ends", at: quoteStart) }
                let b = bytes[p]
                if b == UInt8(ascii: "\"") { p += 1; break }
                if b == UInt8(ascii: "\\") {
                    p += 1
                    guard p < bytes.count else { throw error("quoted value of '\(name)' never ends", at: quoteStart) }
                }
                value.append(bytes[p])
                p += 1
            }
            return CoRELinkAttribute(name: name, value: String(decoding: value, as: UTF8.self), quoted: true)
        }
        let valueStart = p
        while p < bytes.count, CoRELinkAttribute.isTokenByte(bytes[p]) { p += 1 }
        guard p > valueStart else { throw error("expected a value for '\(name)' after '='") }
        return CoRELinkAttribute(name: name, value: text(valueStart..<p), quoted: false)
    }

    /// RFC 5988 `parmname` characters, plus `*` of extended parameters.
    static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$&+-.^_`|~*".utf8).contains(b)
        }
    }
}
