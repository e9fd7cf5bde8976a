import Foundation
import LwM2MEngine

/// One `events` output line, for people or as compact JSON (`{"type":"operation","operation":{…}}`).
enum EventLine {
    /// The human line.
    static func text(_ event: EngineEvent) -> String {
        switch event {
        case .status(let status):
            return "status  " + (status.running ? "running" : "stopped")
                + "  bootstrap \(status.bootstrapPort)/\(status.bootstrapDTLSPort)"
                + "  server \(status.serverPort)/\(status.serverDTLSPort)"
                + "  registered \(status.registeredDevices)  refused \(status.refusedRegistrations)"
                + "  open operations \(status.openOperations)"
        case .lifecycle(let event):
            let device = event.device.map { "\($0) " } ?? ""
            let state = event.connectionState.map { "  [\($0)]" } ?? ""
            return "\(timestamp(event.time))  \(event.type)  \(device)ep=\(event.endpoint)  \(event.text)\(state)"
        case .operation(let operation):
            let time = operation.finishedAt ?? operation.sentAt ?? operation.createdAt
            var line = "\(timestamp(time))  operation #\(operation.id)  \(operation.device)  \(operation.line)  \(operation.status.rawValue)"
            if let code = operation.responseCode { line += "  \(code)" }
            if let reason = operation.failureReason { line += "  \(reason)" }
            if !operation.resultLines.isEmpty { line += "  " + operation.resultLines.joined(separator: "; ") }
            return line
        case .notification(let notification):
            return "\(timestamp(notification.time))  notification  \(notification.device)  \(notification.path)  "
                + notification.lines.joined(separator: "; ")
        case .alarm(let alarm):
            return "alarm #\(alarm.alarmID)  \(alarm.device)  \(alarm.severity) \(alarm.status)  \(alarm.type)  "
                + "\"\(alarm.text)\" (count \(alarm.count))"
        }
    }

    /// The JSON line: the event's kind under `type` and its payload under that kind's name.
    static func json(_ event: EngineEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(EventJSON(event)), as: UTF8.self)
    }

    /// Writes a line to stdout unbuffered, so a pipe sees each event when it happens; throws when
    /// the reader has gone (`events --follow | head`), where the non-throwing write would trap.
    static func write(_ line: String) throws {
        try FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// The JSON shape of one event line.
private struct EventJSON: Encodable {
    var type: String
    var status: EngineStatus?
    var lifecycle: LifecycleEvent?
    var operation: OperationSnapshot?
    var notification: NotificationEvent?
    var alarm: AlarmEvent?

    init(_ event: EngineEvent) {
        switch event {
        case .status(let value): type = "status"; status = value
        case .lifecycle(let value): type = "lifecycle"; lifecycle = value
        case .operation(let value): type = "operation"; operation = value
        case .notification(let value): type = "notification"; notification = value
        case .alarm(let value): type = "alarm"; alarm = value
        }
    }
}
