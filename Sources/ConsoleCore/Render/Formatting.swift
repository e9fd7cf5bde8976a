import Foundation

/// Deterministic text for times and durations (UTC clock times, so snapshots do not depend on the machine).
enum Formatting {
    /// "HH:MM:SS" in UTC.
    static func clock(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", day / 3600, day / 60 % 60, day % 60)
    }

    /// "4 s ago", "3 min ago", "2 h ago", "5 d ago", or "never".
    static func ago(_ date: Date?, now: Date) -> String {
        guard let date else { return "never" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 60 { return "\(seconds) s ago" }
        if seconds < 3600 { return "\(seconds / 60) min ago" }
        if seconds < 86_400 { return "\(seconds / 3600) h ago" }
        return "\(seconds / 86_400) d ago"
    }

    /// Elapsed seconds with one decimal, e.g. "3.2 s".
    static func elapsed(_ interval: TimeInterval) -> String {
        String(format: "%.1f s", max(0, interval))
    }

    /// Whole seconds as "12 s" or "3 min 4 s".
    static func duration(_ interval: TimeInterval) -> String {
        let seconds = max(0, Int(interval.rounded()))
        return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s"
    }

    /// A secret shown as `••••a1b2` (the last four characters only).
    static func masked(_ secret: String) -> String {
        guard !secret.isEmpty else { return "" }
        return "••••" + (secret.count > 4 ? String(secret.suffix(4)) : "")
    }

    /// The spinner frame for an elapsed time (10 frames per second).
    static func spinner(_ elapsed: TimeInterval) -> String {
        let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        let index = Int(max(0, elapsed) * 10) % frames.count
        return frames[index]
    }
}
