import Testing
@testable import LwM2M

/// Parses one line with the built-in model and returns its command.
func command(_ line: String, model: ObjectModel = .builtIn) throws -> ShellCommand {
    let requests = try ShellCommandParser.parse(line, model: model)
    try #require(requests.count == 1)
    return requests[0].command
}

/// The error a line is refused with (records an issue when it parses).
func parseError(_ text: String, model: ObjectModel = .builtIn, sourceLocation: SourceLocation = #_sourceLocation) -> ShellCommandError? {
    do {
        let requests = try ShellCommandParser.parse(text, model: model)
        Issue.record("parsed without error: \(requests)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Builds a path from IDs in tests (IDs written by hand, always valid).
func p(_ ids: UInt16...) -> LwM2MPath {
    LwM2MPath(ids) ?? .root
}
