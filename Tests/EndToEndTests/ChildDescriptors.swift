import Foundation
import Glibc

/// Closing inherited descriptors in a posix_spawn child.
///
/// glibc 2.34+ has `posix_spawn_file_actions_addclosefrom_np`, but the Swift Glibc module does not
/// declare it; it is looked up at run time. Without it, every descriptor the test process has open
/// above 2 (listed in /proc/self/fd) gets its own close action.
enum ChildDescriptors {
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Adds actions that close every descriptor above 2 in the child.
    static func closeAllAboveStandard(_ actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
            if addCloseFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        // A descriptor closed before the spawn makes its close action fail with EBADF, which
        // glibc ignores for close actions; the list is a snapshot and that is fine.
        for descriptor in open.compactMap({ Int32($0) }) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
}
