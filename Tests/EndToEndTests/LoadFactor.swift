import Foundation
import Glibc

/// How much to stretch a harness deadline on a loaded machine.
///
/// Deadlines in these tests bound a hung child, they do not measure speed; on 2 cores with other
/// builds running (load average 7–11) a screen or a child can take several times longer than on
/// an idle machine. The factor is the 1-minute load average per core, clamped to 1…4, read once
/// per wait so it follows the load.
enum LoadFactor {
    /// The current factor: 1 on an idle machine, up to 4.
    static var current: Double {
        var averages = [Double](repeating: 0, count: 1)
        guard getloadavg(&averages, 1) == 1 else { return 1 }
        let cores = Double(max(1, ProcessInfo.processInfo.activeProcessorCount))
        return min(4, max(1, averages[0] / cores))
    }

    /// `seconds` stretched by the current factor.
    static func stretch(_ seconds: TimeInterval) -> TimeInterval { seconds * current }
}
