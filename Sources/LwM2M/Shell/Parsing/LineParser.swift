/// Parses the arguments of one line for one verb. Every failure names the problem and carries
/// the verb's syntax.
struct LineParser {
    let line: String
    let lineNumber: Int
    let verb: ShellVerb
    let model: ObjectModel
    private(set) var timeout: Duration?
    /// The argument tokens, options removed.
    private(set) var arguments: [ShellToken] = []
    /// Where option tokens were removed, to keep them out of free-text values.
    private var removedRanges: [Range<String.Index>] = []

    init(line: String, lineNumber: Int, verb: ShellVerb, model: ObjectModel) {
        self.line = line
        self.lineNumber = lineNumber
        self.verb = verb
        self.model = model
    }

    func fail(_ message: String) -> ShellCommandError {
        ShellCommandError(lineNumber: lineNumber, line: line, message: "\(verb.rawValue): \(message)", syntax: verb.syntax)
    }

    // MARK: Options

    /// Takes `--timeout D` / `--timeout=D` out of the tokens, wherever they are.
    mutating func separateOptions(_ tokens: [ShellToken]) throws(ShellCommandError) {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let text = token.text
            if text == "--timeout" || text.hasPrefix("--timeout=") {
                let value: Substring
                var range = token.range
                if text == "--timeout" {
                    guard index + 1 < tokens.count else {
                        throw fail("--timeout needs a duration such as 500ms, 5s or 2m")
                    }
                    value = tokens[index + 1].text
                    range = token.range.lowerBound..<tokens[index + 1].range.upperBound
                    index += 1
                } else {
                    value = text.dropFirst("--timeout=".count)
                }
                guard timeout == nil else { throw fail("--timeout is given twice") }
                guard let duration = ShellCommandParser.parseDuration(value) else {
                    throw fail("'\(value)' is not a duration; use a positive number with ms, s or m (e.g. 500ms, 5s, 2m)")
                }
                timeout = duration
                removedRanges.append(range)
            } else if text.hasPrefix("--") {
                throw fail("unknown option '\(text)'; the only option is --timeout DURATION")
            } else {
                arguments.append(token)
            }
            index += 1
        }
    }

    /// The text from argument `index` to the end of the line, options removed, as typed.
    func rest(from index: Int) -> String {
        guard index < arguments.count else { return "" }
        var text = String(line[arguments[index].range])
        var previous = arguments[index].range
        for token in arguments[(index + 1)...] {
            let gap = previous.upperBound..<token.range.lowerBound
            let optionInside = removedRanges.contains { gap.contains($0.lowerBound) }
            text += optionInside ? " " : String(line[gap])
            text += line[token.range]
            previous = token.range
        }
        return text
    }

    // MARK: Commands

    mutating func parseCommand() throws(ShellCommandError) -> ShellCommand {
        switch verb {
        case .read:
            return .read(try singlePath(levels: [.object, .objectInstance, .resource, .resourceInstance], needing: .read))
        case .observe:
            return .observe(try singlePath(levels: [.object, .objectInstance, .resource, .resourceInstance], needing: .read))
        case .discover:
            return .discover(try singlePath(levels: [.object, .objectInstance, .resource], needing: nil))
        case .delete:
            return .delete(try singlePath(levels: [.objectInstance, .resourceInstance], needing: nil))
        case .cancelobservation:
            return .cancelObservation(try singlePath(levels: [.object, .objectInstance, .resource, .resourceInstance], needing: nil))
        case .cancelobserve:
            return .cancelObserve(try singlePath(levels: [.object, .objectInstance, .resource, .resourceInstance], needing: nil))
        case .cread:
            return .compositeRead(try severalPaths(needing: .read))
        case .cobserve:
            return .compositeObserve(try severalPaths(needing: .read))
        case .cancelCompositeObserve:
            return .cancelCompositeObserve(try severalPaths(needing: nil))
        case .execute:
            let path = try firstPath(levels: [.resource], needing: .execute)
            return .execute(path, arguments: try executeArguments(rest(from: 1)))
        case .executelegacy:
            let path = try firstPath(levels: [.resource], needing: .execute)
            return .executeLegacy(path, payload: valueText(from: 1) ?? "")
        case .write:
            return try write()
        case .writep:
            return try partialWrite()
        case .cwrite:
            return .compositeWrite(try compositeWriteValues())
        case .writeb:
            return try binaryWrite()
        case .create:
            return .create(try create())
        case .writeattr:
            return try writeAttributes()
        case .fwupdate:
            return .firmwareUpdate(try firmwareUpdate())
        case .serialization:
            return .serialization(try serialization())
        case .coap:
            return .coap(try rawCoAP())
        }
    }

    // MARK: Paths

    private static func levelsText(_ levels: Set<LwM2MPath.Level>) -> String {
        let names: [(LwM2MPath.Level, String)] = [(.root, "/"), (.object, "/o"), (.objectInstance, "/o/i"), (.resource, "/o/i/r"), (.resourceInstance, "/o/i/r/ri")]
        let allowed = names.filter { levels.contains($0.0) }.map(\.1)
        return allowed.count == 1 ? allowed[0] : allowed.dropLast().joined(separator: ", ") + " or " + (allowed.last ?? "")
    }

    /// Parses a path token and checks its level and that the resource allows the operation.
    func path(_ token: ShellToken, levels: Set<LwM2MPath.Level>, needing operation: ResourceOperations?) throws(ShellCommandError) -> LwM2MPath {
        try path(token.text, levels: levels, needing: operation)
    }

    func path(_ text: some StringProtocol, levels: Set<LwM2MPath.Level>, needing operation: ResourceOperations?) throws(ShellCommandError) -> LwM2MPath {
        guard text.hasPrefix("/") else {
            throw fail("'\(text)' is not a path; paths start with / (e.g. /3/0/0)")
        }
        let path: LwM2MPath
        do {
            path = try LwM2MPath(parsing: text)
        } catch {
            throw fail("'\(text)' is not a valid path: \(error.reason)")
        }
        guard levels.contains(path.level) else {
            throw fail("a path of the form \(Self.levelsText(levels)) is needed, not '\(path)'")
        }
        if let operation { try require(operation, at: path) }
        return path
    }

    /// Refuses an operation the model says the resource does not allow.
    func require(_ operation: ResourceOperations, at path: LwM2MPath) throws(ShellCommandError) {
        guard let resource = model.resource(at: path) else { return }
        if !resource.operations.contains(operation) {
            let what = operation == .read ? "readable" : operation == .write ? "writable" : "executable"
            throw fail("\(path) \(resource.name) is not \(what) (its operations are \(resource.operations))")
        }
        if path.level == .resourceInstance, !resource.isMultiple {
            throw fail("\(path.parent) \(resource.name) is a single-instance resource; use \(path.parent)")
        }
    }

    private func singlePath(levels: Set<LwM2MPath.Level>, needing operation: ResourceOperations?) throws(ShellCommandError) -> LwM2MPath {
        guard arguments.count == 1 else {
            throw fail(arguments.isEmpty ? "a path is missing" : "expected one path, found extra text '\(rest(from: 1))'")
        }
        return try path(arguments[0], levels: levels, needing: operation)
    }

    private func firstPath(levels: Set<LwM2MPath.Level>, needing operation: ResourceOperations?) throws(ShellCommandError) -> LwM2MPath {
        guard let first = arguments.first else { throw fail("a path is missing") }
        return try path(first, levels: levels, needing: operation)
    }

    private func severalPaths(needing operation: ResourceOperations?) throws(ShellCommandError) -> [LwM2MPath] {
        guard !arguments.isEmpty else { throw fail("at least one path is needed") }
        var paths: [LwM2MPath] = []
        for token in arguments {
            let parsed = try path(token, levels: [.root, .object, .objectInstance, .resource, .resourceInstance], needing: operation)
            if paths.contains(parsed) { throw fail("\(parsed) is given twice") }
            paths.append(parsed)
        }
        return paths
    }

    // MARK: Execute

    /// Parses an LwM2M arglist: `arg *("," arg)`, `arg = DIGIT ["=" "'" *CHAR "'"]`.
    func executeArguments(_ text: String) throws(ShellCommandError) -> [ExecuteArgument] {
        if text.isEmpty { return [] }
        var arguments: [ExecuteArgument] = []
        var characters = Substring(text)
        while true {
            guard let digitCharacter = characters.first, let digit = digitCharacter.wholeNumberValue, digitCharacter.isASCII else {
                throw fail("arguments must look like 0='value',1 (a digit, optionally ='value'); found '\(characters)'")
            }
            characters = characters.dropFirst()
            var value: String?
            if characters.first == "=" {
                characters = characters.dropFirst()
                guard characters.first == "'" else {
                    throw fail("the value of argument \(digit) must be in single quotes, e.g. \(digit)='on'")
                }
                characters = characters.dropFirst()
                guard let close = characters.firstIndex(of: "'") else {
                    throw fail("the value of argument \(digit) has no closing quote")
                }
                let body = characters[..<close]
                if let bad = body.first(where: { !ExecuteArgument.isAllowedValueCharacter($0) }) {
                    let shown = bad == " " ? "a space" : "'\(bad)'"
                    throw fail("argument \(digit) contains \(shown), which an LwM2M argument value cannot hold")
                }
                value = String(body)
                characters = characters[characters.index(after: close)...]
            }
            if arguments.contains(where: { $0.digit == UInt8(digit) }) {
                throw fail("argument \(digit) is given twice")
            }
            arguments.append(ExecuteArgument(digit: UInt8(digit), value: value))
            if characters.isEmpty { return arguments }
            guard characters.first == "," else {
                throw fail("arguments are separated by commas; unexpected '\(characters)'")
            }
            characters = characters.dropFirst()
        }
    }
}
