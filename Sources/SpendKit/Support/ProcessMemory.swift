import Foundation

/// The process's memory: its peak for the summary line (what the engineer on call compares with the machine, and
/// what the memory-per-supplier test reads from the binary it runs), and how large blocks go back to the system.
public enum ProcessMemory {
    /// Peak resident set in bytes (`getrusage`'s `ru_maxrss`, which Linux gives in KiB); 0 when unknown.
    public static var peakBytes: Int {
        var u = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &u) == 0 else { return 0 }
        return Int(u.ru_maxrss) * 1024
    }

    /// `peakBytes` in whole MB (10^6), as the summary line prints it.
    public static var peakMegabytes: Int { (peakBytes + 500_000) / 1_000_000 }

    /// Blocks of 1 MiB and more (the growing arrays of books, pools and tallies) mapped on their own and unmapped
    /// when freed. glibc otherwise raises that threshold to the largest block freed so far (up to 32 MiB), and freed
    /// arrays below it stay in the heap as fragments: 1 M distinct suppliers peaked at 387 MB on 2 threads, 282 MB
    /// with this. Call once, before any work.
    public static func returnLargeBlocks() {
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not export: looked up by name instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }  // RTLD_DEFAULT
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        _ = unsafeBitCast(f, to: Mallopt.self)(mmapThreshold, 1 << 20)
    }
}
