import CGnuTLSShim
import Foundation

/// One reading of this process's memory for the bench's per-device figures: glibc's heap in use
/// (every arena, mmapped chunks included) and the resident set, both taken right after
/// `malloc_trim(0)` so free pages already returned to the kernel do not count.
///
/// Why both: RSS includes allocator slack (free chunks inside arenas, one arena per thread that
/// allocates, NIO's threads included) and moves with page granularity; the heap in use is what
/// the engine's objects really hold.
struct EngineReadBenchMemory {
    /// Bytes malloc has handed out and not had back (`uordblks + hblkhd`).
    var heapInUse: Int
    /// Free bytes held inside malloc's arenas (`fordblks`): slack that RSS may include.
    var heapFree: Int
    /// Resident set size after the trim.
    var resident: Int
    /// Threads in the process (glibc gives each allocating thread its own arena, up to 8 per core).
    var threads: Int

    /// Trims the heap, then reads it and RSS.
    static func now() -> EngineReadBenchMemory {
        // HeapInUse.bytes() runs malloc_trim(0) first and returns RSS.
        let resident = HeapInUse.bytes()
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
        return EngineReadBenchMemory(
            heapInUse: Int(cgnutls_heap_in_use()), heapFree: Int(cgnutls_heap_free()), resident: resident, threads: threads)
    }

    /// "heap X B, RSS Y B per device" for the growth from `before` to `self` over `count` devices.
    func perDevice(since before: EngineReadBenchMemory, count: Int) -> String {
        let devices = Double(max(count, 1))
        return String(
            format: "heap in use %.1f MiB -> %.1f MiB = %.0f bytes per device; RSS %.1f MiB -> %.1f MiB = %.0f bytes per device; free in malloc arenas %.1f MiB -> %.1f MiB; %d -> %d threads",
            Self.mebibytes(before.heapInUse), Self.mebibytes(heapInUse), Double(heapInUse - before.heapInUse) / devices,
            Self.mebibytes(before.resident), Self.mebibytes(resident), Double(resident - before.resident) / devices,
            Self.mebibytes(before.heapFree), Self.mebibytes(heapFree), before.threads, threads)
    }

    private static func mebibytes(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }
}
