import CZlib
import Foundation

/// Writes a gzip file in pieces, atomically: into a temp file beside it, renamed over `path` by `finish()`. The
/// gzip header carries no time or name, so equal input gives equal bytes.
final class GzipFileWriter {
    let path: String
    private let temp: String
    private let fd: Int32
    private let stream: UnsafeMutablePointer<z_stream>
    private var out = [UInt8](repeating: 0, count: 1 << 16)
    private var done = false

    init(path: String) throws {
        self.path = path
        temp = path + ".tmp-\(getpid())"
        let opened = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard opened >= 0 else { throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        fd = opened
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16: a gzip wrapper; level 6, zlib's default trade of size for time.
        guard
            deflateInit2_(
                stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else {
            close(fd); unlink(temp); stream.deallocate()
            throw RunError.cannotWrite(path: path, reason: "cannot initialise zlib")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        if !done { close(fd); unlink(temp) }
    }

    /// Compresses and writes `bytes`.
    func write(_ bytes: [UInt8]) throws { try pump(bytes, flush: Z_NO_FLUSH) }

    /// Ends the stream, syncs the file and renames it into place.
    func finish() throws {
        try pump([], flush: Z_FINISH)
        guard fsync(fd) == 0, close(fd) == 0 else {
            done = true; unlink(temp); throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        done = true
        guard rename(temp, path) == 0 else {
            unlink(temp); throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private func pump(_ bytes: [UInt8], flush: Int32) throws {
        var input = bytes
        try input.withUnsafeMutableBufferPointer { inp in
            stream.pointee.next_in = inp.baseAddress
            stream.pointee.avail_in = UInt32(inp.count)
            while true {
                let status: Int32 = out.withUnsafeMutableBufferPointer { o in
                    stream.pointee.next_out = o.baseAddress
                    stream.pointee.avail_out = UInt32(o.count)
                    return deflate(stream, flush)
                }
                let produced = out.count - Int(stream.pointee.avail_out)
                if produced > 0 { try writeAll(produced) }
                if status == Z_STREAM_END { return }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw RunError.cannotWrite(path: path, reason: "zlib error \(status)")
                }
                if flush == Z_NO_FLUSH && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return }
            }
        }
    }

    private func writeAll(_ n: Int) throws {
        var written = 0
        while written < n {
            let r = out.withUnsafeBytes { posixWrite(fd, $0.baseAddress! + written, n - written) }
            guard r > 0 else { throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            written += r
        }
    }
}

private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(fd, p, n)
    #else
        return Darwin.write(fd, p, n)
    #endif
}
