import Foundation

/// Writes a file atomically: a temporary file beside it, fsync, then rename.
public func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    try writeAtomically(to: path) { sink in try sink(bytes) }
}

/// Writes what `produce` hands its sink, in pieces, to a temporary file, then renames it into place.
public func writeAtomically(to path: String, _ produce: (([UInt8]) throws -> Void) throws -> Void) throws {
    let dir = (path as NSString).deletingLastPathComponent
    let tmp = dir + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    do {
        try produce { bytes in
            var off = 0
            while off < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, bytes.count - off) }
                if n <= 0 { throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
                off += n
            }
        }
    } catch {
        close(fd); unlink(tmp); throw error
    }
    if fsync(fd) != 0 || close(fd) != 0 {
        unlink(tmp); throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
    guard rename(tmp, path) == 0 else {
        let e = String(cString: strerror(errno)); unlink(tmp); throw RunError.cannotWrite(path: path, reason: e)
    }
}
