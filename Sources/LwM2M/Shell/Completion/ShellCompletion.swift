/// Completion for the shell line being typed: verbs first, then paths (from what the device
/// announced plus the model's resources under its instances, filtered by what the verb needs),
/// attribute names, formats and `--timeout`.
public enum ShellCompletion {
    /// The candidates for the last word of `input` (its last line, for multi-line input).
    public static func candidates(for input: String, model: ObjectModel, devicePaths: [LwM2MPath]) -> [CompletionCandidate] {
        let lineStart = input.lastIndex(of: "\n").map { input.index(after: $0) } ?? input.startIndex
        let line = input[lineStart...]
        let wordStart = line.lastIndex(where: \.isWhitespace).map { line.index(after: $0) } ?? line.startIndex
        let word = String(line[wordStart...])
        let offset = input.distance(from: input.startIndex, to: wordStart)
        let previous = line[..<wordStart].split(whereSeparator: \.isWhitespace).map(String.init)

        func make(_ text: String, _ description: String?, _ kind: CompletionCandidate.Kind) -> CompletionCandidate {
            CompletionCandidate(text: text, description: description, kind: kind, replacementStart: offset)
        }

        guard let verbWord = previous.first else {
            return ShellVerb.allCases
                .filter { $0.rawValue.lowercased().hasPrefix(word.lowercased()) }
                .map { make($0.rawValue, $0.summary, .verb) }
        }
        guard let verb = ShellVerb(name: verbWord) else { return [] }

        if previous.last == "--timeout" {
            return ["5s", "30s", "1m", "3m"].filter { $0.hasPrefix(word) }.map { make($0, "request timeout", .value) }
        }
        let timeoutOption = make("--timeout", "per-request timeout, e.g. --timeout 5s", .option)
        if word.hasPrefix("-") {
            return "--timeout".hasPrefix(word) && !previous.contains("--timeout") ? [timeoutOption] : []
        }
        let arguments = previous.dropFirst().filter { !$0.hasPrefix("--") }
        switch verb {
        case .serialization where arguments.isEmpty:
            return SerializationSetting.allCases.map(\.rawValue)
                .filter { $0.hasPrefix(word.uppercased()) }
                .map { make($0, "content format", .value) }
        case .writeattr where arguments.count == 1:
            let attributes: [(String, String)] = [
                ("pmin=", "minimum period (s)"), ("pmax=", "maximum period (s)"), ("gt=", "greater than"),
                ("lt=", "less than"), ("st=", "step"), ("epmin=", "min evaluation period (s)"),
                ("epmax=", "max evaluation period (s)"), ("cancel", "cancel observation"),
            ]
            return attributes.filter { $0.0.hasPrefix(word.lowercased()) }.map { make($0.0, $0.1, .value) }
        default:
            break
        }
        let wantsPath = verb.takesPaths && (arguments.isEmpty || verb.takesSeveralPaths) && (word.isEmpty || word.hasPrefix("/"))
        if wantsPath {
            return pathCandidates(word: word, verb: verb, model: model, devicePaths: devicePaths).map { make($0.0, $0.1, .path) }
        }
        return word.isEmpty && !previous.contains("--timeout") ? [timeoutOption] : []
    }

    /// Paths one level deeper than the slashes typed so far, matching the typed prefix.
    static func pathCandidates(word: String, verb: ShellVerb, model: ObjectModel, devicePaths: [LwM2MPath]) -> [(String, String?)] {
        var known: Set<LwM2MPath> = []
        for path in devicePaths {
            var walk = path
            while walk.level > .root { known.insert(walk); walk = walk.parent }
            if path.level == .objectInstance, let objectID = path.objectID, let object = model.object(objectID) {
                for resource in object.resources {
                    if let resourcePath = path.appending(resource.id) { known.insert(resourcePath) }
                }
            }
        }
        let depth = max(1, word.filter { $0 == "/" }.count)
        let needed: ResourceOperations? = switch verb {
        case .read, .observe, .cread, .cobserve: .read
        case .write, .writeb, .writep: .write
        case .execute, .executelegacy: .execute
        default: nil
        }
        return known
            .filter { $0.ids.count == depth && $0.description.hasPrefix(word) }
            .filter { path in
                guard path.level == .resource, let needed, let resource = model.resource(at: path) else { return true }
                return resource.operations.contains(needed)
            }
            .sorted()
            .map { path in (path.description, describe(path, model: model)) }
    }

    private static func describe(_ path: LwM2MPath, model: ObjectModel) -> String? {
        switch path.level {
        case .object, .objectInstance:
            return path.objectID.flatMap { model.object($0)?.name }
        default:
            guard let resource = model.resource(at: path) else { return nil }
            let type = resource.type == .none ? "" : "\(resource.type.rawValue), "
            return "\(resource.name) (\(type)\(resource.operations))"
        }
    }
}
