import Foundation

/// File operations inside the reports folder that never follow a symbolic link: the nightly job runs as root, and a
/// link planted there must not turn a lock, a rename or a prune into a write somewhere else.
enum SafeFS {
    /// What a directory entry is, read with `lstat`.
    enum Kind: Equatable { case file, folder, link, other }

    /// Device and inode: which copy of an entry is where, across a kill.
    struct ID: Hashable { var dev: UInt64; var ino: UInt64 }

    /// What is at `path`, the last component not followed; nil when nothing is.
    static func kind(_ path: String) -> Kind? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// The identity of what is at `path` (not followed).
    static func identity(_ path: String) -> ID? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return ID(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
    }

    /// Makes the folder `path` unless something is there already (its parent must be); exit 73 with the system's
    /// reason when it cannot.
    static func makeFolder(_ path: String) throws {
        guard kind(path) == nil, mkdir(path, 0o755) != 0, errno != EEXIST else { return }
        throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }

    /// Throws exit 73 naming `path` unless nothing is there or a plain entry of the kind `expected`.
    static func require(_ path: String, _ expected: Kind) throws {
        guard let k = kind(path), k != expected else { return }
        throw RunError.cannotWrite(path: path, reason: refusal(k, expected))
    }

    /// Why spend refuses an entry of kind `k` where it expects `expected`.
    static func refusal(_ k: Kind, _ expected: Kind) -> String {
        if k == .link { return "is a symbolic link; spend follows no link inside the reports folder (remove it)" }
        return "is not a plain \(expected == .folder ? "folder" : "file"); spend leaves it alone (move it away)"
    }

    /// The names in a folder; with `follow` false a link at `path` itself is not opened.
    static func entries(_ path: String, follow: Bool = false) -> [String]? {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { return nil }
        return names(fd)
    }

    /// The names in the folder open at `fd`; takes the descriptor over and closes it.
    private static func names(_ fd: Int32) -> [String]? {
        guard let dir = fdopendir(fd) else { close(fd); return nil }
        defer { closedir(dir) }
        var out: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafePointer(to: &e.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// Removes a file, a link (not what it points to) or a whole folder without following any link inside it.
    @discardableResult
    static func remove(_ path: String) -> Bool {
        guard let k = kind(path) else { return true }
        guard k == .folder else { return unlink(path) == 0 }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        return emptyFolder(fd) && rmdir(path) == 0
    }

    /// Removes everything in the folder open at `fd` (closed on return), never leaving it through a link.
    private static func emptyFolder(_ fd: Int32) -> Bool {
        guard let list = names(dup(fd)) else { close(fd); return false }
        defer { close(fd) }
        var ok = true
        for name in list {
            var st = stat()
            guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { ok = false; continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                let sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                ok = sub >= 0 && emptyFolder(sub) && unlinkat(fd, name, AT_REMOVEDIR) == 0 && ok
            } else {
                ok = unlinkat(fd, name, 0) == 0 && ok
            }
        }
        return ok
    }

    private typealias Rename2 =
        @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    /// `renameat2` where the C library has it (Linux ≥ 3.15, glibc ≥ 2.28); `SPEND_NO_RENAME_EXCHANGE` turns it off
    /// to exercise the two-rename path.
    private static let rename2: Rename2? = {
        #if canImport(Glibc)
            guard ProcessInfo.processInfo.environment["SPEND_NO_RENAME_EXCHANGE"] == nil,
                let h = dlopen(nil, RTLD_NOW), let p = dlsym(h, "renameat2")
            else { return nil }
            return unsafeBitCast(p, to: Rename2.self)
        #else
            return nil
        #endif
    }()

    /// Whether `exchange` can work here at all (the C library has `renameat2`).
    static var canExchange: Bool { rename2 != nil }

    /// Swaps two entries in one step; 0, or the errno (`ENOSYS`/`EINVAL` when the system or file system cannot).
    static func exchange(_ a: String, _ b: String) -> Int32 {
        guard let rename2 else { return ENOSYS }
        return rename2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0 ? 0 : errno
    }

    /// Renames `a` to `b` unless something is at `b`; 0, `EEXIST`, or another errno. Without `renameat2` it checks
    /// first, which is enough under the run lock.
    static func renameNoReplace(_ a: String, _ b: String) -> Int32 {
        if let rename2 {
            if rename2(AT_FDCWD, a, AT_FDCWD, b, 1 /* RENAME_NOREPLACE */) == 0 { return 0 }
            if errno != EINVAL && errno != ENOSYS { return errno }
        }
        if kind(b) != nil { return EEXIST }
        return rename(a, b) == 0 ? 0 : errno
    }

    /// Puts `src` at `dst` as hard links (a folder is made anew and its entries linked, a link is linked as the
    /// link itself); a file that cannot be linked is copied. Throws exit 73 naming the entry it could not keep.
    static func linkTree(_ src: String, _ dst: String) throws {
        var st = stat()
        guard lstat(src, &st) == 0 else { return }
        if st.st_mode & S_IFMT == S_IFDIR {
            guard mkdir(dst, st.st_mode & 0o7777) == 0, let list = entries(src) else { throw keepError(src) }
            for name in list { try linkTree(src + "/" + name, dst + "/" + name) }
        } else if linkat(AT_FDCWD, src, AT_FDCWD, dst, 0) != 0 {
            guard st.st_mode & S_IFMT == S_IFREG, copyFile(src, dst, mode: st.st_mode & 0o7777) else {
                throw keepError(src)
            }
        }
    }

    private static func keepError(_ path: String) -> RunError {
        .cannotWrite(path: path, reason: "cannot keep this file in the new folder: \(String(cString: strerror(errno)))")
    }

    /// Copies a plain file, opened without following links.
    private static func copyFile(_ src: String, _ dst: String, mode: mode_t) -> Bool {
        let i = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard i >= 0 else { return false }
        defer { close(i) }
        let o = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard o >= 0 else { return false }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(i, $0.baseAddress, $0.count) }
            if n == 0 { return close(o) == 0 }
            guard n > 0, buf.withUnsafeBytes({ write(o, $0.baseAddress, n) }) == n else { close(o); return false }
        }
    }

    /// Whether two entries hold the same bytes: files byte for byte, links by target, folders entry by entry.
    static func sameContent(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard lstat(a, &sa) == 0, lstat(b, &sb) == 0, sa.st_mode & S_IFMT == sb.st_mode & S_IFMT else { return false }
        if sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino { return true }
        switch sa.st_mode & S_IFMT {
        case S_IFREG: return sa.st_size == sb.st_size && sameBytes(a, b)
        case S_IFLNK: return linkTarget(a) == linkTarget(b)
        case S_IFDIR:
            guard let la = entries(a)?.sorted(), let lb = entries(b)?.sorted(), la == lb else { return false }
            return la.allSatisfy { sameContent(a + "/" + $0, b + "/" + $0) }
        default: return false
        }
    }

    /// Whether two files hold the same bytes, `a` being this run's staged one: `a` mapped in windows of 4 MB and `b`
    /// read into a buffer beside it, compared by `memcmp` (a run's database is hundreds of MB, compared with the last
    /// run's: 0.3 s against 0.8 s reading both 1 MB at a time). Only `a` is mapped: the published `b` may be changed
    /// by another program while it is compared (a BI tool's `VACUUM`), and a mapped file cut short kills the reader;
    /// read, it reads short and differs. One window is mapped at a time (mapped pages count in the peak RSS).
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        let fa = open(a, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), fb = open(b, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        defer { if fa >= 0 { close(fa) }; if fb >= 0 { close(fb) } }
        guard fa >= 0, fb >= 0 else { return false }
        var sa = stat(), sb = stat()
        guard fstat(fa, &sa) == 0, fstat(fb, &sb) == 0, sa.st_size == sb.st_size else { return false }
        let size = Int(sa.st_size), window = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: window, alignment: 4096)
        defer { buffer.deallocate() }
        var at = 0
        while at < size {
            let n = min(window, size - at)
            guard let ma = mmap(nil, n, PROT_READ, MAP_PRIVATE, fa, off_t(at)), ma != MAP_FAILED else { return false }
            defer { munmap(ma, n) }
            guard preadAll(fb, into: UnsafeMutableRawBufferPointer(start: buffer, count: n), at: at) == nil else {
                return false
            }
            guard memcmp(ma, buffer, n) == 0 else { return false }
            at += n
        }
        var more: UInt8 = 0
        return pread(fb, &more, 1, off_t(size)) == 0  // `b` did not grow meanwhile
    }

    private static func linkTarget(_ path: String) -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = buf.withUnsafeMutableBytes {
            readlink(path, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count)
        }
        return n < 0 ? nil : Array(buf[0..<n])
    }

    /// Flushes a folder's entries (the renames in it) to disk.
    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
