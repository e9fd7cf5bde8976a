import Foundation

/// Resident memory after glibc's `malloc_trim(0)` has returned free heap pages to the kernel:
/// unlike plain RSS it drops when memory is freed, so it shows what a process keeps rather than
/// its allocator high-water mark. (`malloc.h` is not in the Glibc module; found with dlsym.)
enum HeapInUse {
    static func bytes() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        return ProcessMemory.residentBytes()
    }
}
