/// A whitespace-separated piece of a shell line, with where it sits in the line.
struct ShellToken: Equatable {
    var text: Substring
    var range: Range<String.Index>
}

/// Splits a shell line into tokens. A token that starts with `"` runs to the closing quote
/// (`\"` escapes it); one that starts with `{` or `[` runs to the matching bracket (strings
/// inside are honoured), so JSON and quoted values with spaces stay whole.
enum ShellTokenizer {
    /// A line that cannot be split (an unclosed quote or bracket).
    struct Failure: Error { var message: String }

    static func tokenize(_ line: String) throws(Failure) -> [ShellToken] {
        var tokens: [ShellToken] = []
        var index = line.startIndex
        while index < line.endIndex {
            if line[index].isWhitespace { index = line.index(after: index); continue }
            let start = index
            let first = line[index]
            if first == "\"" {
                index = try endOfQuoted(line, from: index)
            } else if first == "{" || first == "[" {
                index = try endOfBracketed(line, from: index)
            }
            while index < line.endIndex, !line[index].isWhitespace { index = line.index(after: index) }
            tokens.append(ShellToken(text: line[start..<index], range: start..<index))
        }
        return tokens
    }

    /// The index just past the closing quote of the string starting at `start`.
    private static func endOfQuoted(_ line: String, from start: String.Index) throws(Failure) -> String.Index {
        var index = line.index(after: start)
        while index < line.endIndex {
            let c = line[index]
            if c == "\\" {
                index = line.index(after: index)
                if index < line.endIndex { index = line.index(after: index) }
                continue
            }
            if c == "\"" { return line.index(after: index) }
            index = line.index(after: index)
        }
        throw Failure(message: "the quote opened at column \(line.distance(from: line.startIndex, to: start) + 1) is never closed")
    }

    /// The index just past the bracket matching the one at `start`.
    private static func endOfBracketed(_ line: String, from start: String.Index) throws(Failure) -> String.Index {
        var depth = 0
        var index = start
        while index < line.endIndex {
            let c = line[index]
            if c == "\"" {
                index = try endOfQuoted(line, from: index)
                continue
            }
            if c == "{" || c == "[" { depth += 1 }
            if c == "}" || c == "]" {
                depth -= 1
                if depth == 0 { return line.index(after: index) }
            }
            index = line.index(after: index)
        }
        let column = line.distance(from: line.startIndex, to: start) + 1
        throw Failure(message: "the '\(line[start])' opened at column \(column) is never closed")
    }

    /// The text of a token with its surrounding double quotes removed and `\"`, `\\`, `\n`,
    /// `\t` unescaped; other tokens unchanged.
    static func unquote(_ text: Substring) -> String {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { return String(text) }
        var result = ""
        var escaping = false
        for c in text.dropFirst().dropLast() {
            if escaping {
                switch c {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                result.append(c)
            }
        }
        return result
    }
}
