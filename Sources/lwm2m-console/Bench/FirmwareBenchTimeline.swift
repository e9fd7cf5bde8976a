import Foundation
import LwM2MEngine
import Synchronization

/// When each fwupdate operation of the bench reached its PUSH steps, from the engine's events.
final class FirmwareBenchTimeline: Sendable {
    private struct Marks {
        var pushStarted: [OperationID: Date] = [:]
        var pushEnded: [OperationID: Date] = [:]
        var final: [OperationID: OperationSnapshot] = [:]
        var finishedAt: [OperationID: Date] = [:]
    }

    private let marks = Mutex(Marks())

    /// Records the times a snapshot marks: first PUSH progress, `downloaded, updating`, the end.
    func note(_ snapshot: OperationSnapshot) {
        let now = Date()
        marks.withLock { m in
            if let progress = snapshot.progress {
                if progress.hasPrefix("PUSH "), m.pushStarted[snapshot.id] == nil { m.pushStarted[snapshot.id] = now }
                if progress == "downloaded, updating", m.pushEnded[snapshot.id] == nil { m.pushEnded[snapshot.id] = now }
            }
            if snapshot.status.isFinal {
                m.final[snapshot.id] = snapshot
                m.finishedAt[snapshot.id] = now
            }
        }
    }

    /// Seconds from the start of the PUSH to DOWNLOADED (0 when not seen).
    func pushSeconds(_ id: OperationID) -> Double {
        marks.withLock { m in
            guard let start = m.pushStarted[id], let end = m.pushEnded[id] else { return 0 }
            return end.timeIntervalSince(start)
        }
    }

    /// When the final snapshot arrived.
    func finishedAt(_ id: OperationID) -> Date? { marks.withLock { $0.finishedAt[id] } }

    /// Waits (bounded) for the operation's final snapshot.
    func waitFinal(_ id: OperationID, within seconds: Double) async -> OperationSnapshot? {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let done = marks.withLock({ $0.final[id] }) { return done }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
