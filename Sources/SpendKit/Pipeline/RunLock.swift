import Foundation

/// An exclusive lock on a reports directory (`flock` on `.spend.lock`), so two runs never write at once.
/// The kernel drops the lock when its holder dies, so a lock file left by a killed run is taken over.
public final class RunLock {
    public let path: String
    /// The process id a lock file left behind by a dead run named, when this run took it over.
    public let staleHolder: Int32?
    private let fd: Int32

    /// Takes the lock or throws `RunError.locked` (exit 75) at once; never waits. The lock file must be a plain file
    /// of one link: a symbolic link, a hard link to another file, a pipe or a device there is refused (exit 73), as
    /// the run truncates the file and writes its pid into it.
    public init(path: String) throws {
        self.path = path
        try SafeFS.require(path, .file)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            let e = errno
            if e == ELOOP, let k = SafeFS.kind(path) {
                throw RunError.cannotWrite(path: path, reason: SafeFS.refusal(k, .file))
            }
            throw RunError.cannotWrite(path: path, reason: String(cString: strerror(e)))
        }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_nlink == 1 else {
            close(fd)
            throw RunError.cannotWrite(
                path: path,
                reason:
                    "is not a plain file of its own (a hard link to another file?); spend leaves it alone (remove it)")
        }
        let previous = RunLock.readPID(fd)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let e = errno
            close(fd)
            if e == EWOULDBLOCK { throw RunError.locked(path: path, pid: previous) }
            throw RunError.cannotWrite(path: path, reason: String(cString: strerror(e)))
        }
        staleHolder = previous.flatMap { $0 != getpid() ? $0 : nil }
        let me = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = me.withUnsafeBytes { pwrite(fd, $0.baseAddress, me.count, 0) }
    }

    deinit { release() }

    private var released = false
    /// Clears the pid and drops the lock; the file stays, so the next run locks the same inode.
    public func release() {
        guard !released else { return }
        released = true
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buf = [UInt8](repeating: 0, count: 32)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
