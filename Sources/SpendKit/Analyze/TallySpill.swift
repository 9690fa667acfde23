import Foundation

/// Where an `InvoiceTally` writes records out of memory: an anonymous temp file (unlinked at once, so nothing is
/// left behind whatever way the run ends), appended to and read back by segment.
final class TallySpill: @unchecked Sendable {
    private let fd: Int32
    private var size = 0
    private let lock = NSLock()

    /// A segment of records in the file.
    struct Segment: Sendable {
        let spill: TallySpill
        let offset: Int
        let count: Int
        /// The ids its tags are in.
        let names: TallyNames
    }

    /// Opens a new file in `TMPDIR` (or /tmp); nil when none can be made.
    init?() {
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((dir + "/spend-tally-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends the records; nil when the file cannot take them (the caller keeps them in memory).
    func write(_ records: [InvoiceTally.Record], names: TallyNames) -> Segment? {
        lock.lock(); defer { lock.unlock() }
        let bytes = records.count * MemoryLayout<InvoiceTally.Record>.stride
        let ok = records.withUnsafeBytes { b -> Bool in
            var done = 0
            while done < bytes {
                let n = pwrite(fd, b.baseAddress! + done, bytes - done, off_t(size + done))
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        guard ok else { return nil }
        defer { size += bytes }
        return Segment(spill: self, offset: size, count: records.count, names: names)
    }

    /// The records of a segment, appended to `out`.
    func read(_ s: Segment, into out: inout [InvoiceTally.Record]) throws {
        let start = out.count
        out.append(contentsOf: repeatElement(InvoiceTally.Record(key: 0, tag: 0), count: s.count))
        let bytes = s.count * MemoryLayout<InvoiceTally.Record>.stride
        let ok = out.withUnsafeMutableBytes { b -> Bool in
            let base = b.baseAddress! + start * MemoryLayout<InvoiceTally.Record>.stride
            var done = 0
            while done < bytes {
                let n = pread(fd, base + done, bytes - done, off_t(s.offset + done))
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        if !ok { throw AnalyzeError(path: "(invoice tally spill file)", line: 0, message: "cannot read back spilled invoices: \(String(cString: strerror(errno)))") }
    }
}
