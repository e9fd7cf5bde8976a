import Foundation
import LwM2MEngine

/// How `shell` prints an operation for people: a header line, then the result lines indented.
enum ShellResultText {
    /// The text for one operation.
    static func lines(_ operation: OperationSnapshot) -> [String] {
        var header = "#\(operation.id) \(operation.line)  \(operation.status.rawValue)"
        if let code = operation.responseCode { header += "  \(code)" }
        if let format = operation.contentFormat { header += "  ct=\(format)" }
        if let roundTrip = operation.roundTripMs { header += "  \(roundTrip) ms" }
        if operation.late { header += "  (late answer)" }
        if !operation.status.isFinal {
            header += "  (after its \(operation.timeoutMs) ms timeout, attempt \(operation.attempts))"
        }
        var lines = [header]
        if let reason = operation.failureReason { lines.append("  " + reason) }
        lines += operation.resultLines.map { "  " + $0 }
        return lines
    }

    /// Prints a progress line of a running operation (`#12 fwupdate …  PULL block 3/48 (6%)`).
    static func printProgress(_ operation: OperationSnapshot, _ text: String) {
        let line = "#\(operation.id) \(operation.status.rawValue)  \(text)\n"
        try? FileHandle.standardOutput.write(contentsOf: Data(line.utf8))
    }

    /// Prints one operation on stdout.
    static func print(_ operation: OperationSnapshot) {
        // A reader that has gone (`| head`) is not an error of the operation.
        try? FileHandle.standardOutput.write(contentsOf: Data((lines(operation).joined(separator: "\n") + "\n").utf8))
    }
}

