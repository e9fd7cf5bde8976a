import Glibc

/// Bytes the C allocator has handed out and not had back (glibc `mallinfo2`): small chunks in
/// the arenas plus large mmap-ed blocks. Unlike RSS it drops when memory is freed, so it shows
/// what a process keeps rather than its high-water mark.
enum HeapInUse {
    static func bytes() -> Int {
        let info = mallinfo2()
        return Int(info.uordblks) + Int(info.hblkhd)
    }
}
