import Foundation

/// Bytes written out of memory: an anonymous temp file (unlinked at once, so nothing is left behind whatever way
/// the run ends), appended to and read back by offset. Invoice tallies and long reject lists spill here.
final class SpillFile: @unchecked Sendable {  // `size` under `lock`; `pread`/`pwrite` need no lock
    private let fd: Int32
    private var size = 0
    private let lock = NSLock()

    /// Opens a new file in `TMPDIR` (or /tmp); nil when none can be made.
    init?() {
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((dir + "/spend-spill-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends the bytes; returns their offset, nil when the file cannot take them (the caller keeps them).
    func write(_ bytes: UnsafeRawBufferPointer) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard pwriteAll(fd, bytes, at: size) == nil else { return nil }
        defer { size += bytes.count }
        return size
    }

    /// Fills `out` with the bytes at `offset`.
    func read(at offset: Int, into out: UnsafeMutableRawBufferPointer) throws {
        if let why = preadAll(fd, into: out, at: offset) { throw SpillError(reason: why) }
    }
}

/// What was written out of memory cannot be read back: unusable data for the run (exit 65), as the file says.
struct SpillError: ExitCoded, Equatable {
    let reason: String
    var description: String { "(spill file):0: cannot read back what was written out of memory: \(reason)" }
    var exitCode: Int32 { 65 }
}
