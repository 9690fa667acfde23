import CZlib
import Foundation

/// Reads a file's raw bytes in chunks, inflating gzip transparently (detected by magic bytes).
final class ByteSource {
    let path: String
    private let fd: Int32
    /// Heap-allocated: zlib keeps a pointer back to its stream, so the stream must never move.
    private var gzip: UnsafeMutablePointer<z_stream>?
    private var raw: [UInt8]
    private var streamEnded = false
    private var rawStart = 0
    private var rawEnd = 0
    private var eof = false
    private var gzipDone = false
    let isGzip: Bool

    init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else { throw IngestError.missingFile(path: path) }
        guard (st.st_mode & S_IFMT) != S_IFDIR else { throw IngestError.unreadable(path: path, reason: "is a directory") }
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        fd = opened
        raw = [UInt8](repeating: 0, count: max(chunkSize, 16))
        let n = raw.withUnsafeMutableBytes { posixRead(opened, $0.baseAddress, 2) }
        rawEnd = max(n, 0)
        isGzip = rawEnd == 2 && raw[0] == 0x1F && raw[1] == 0x8B
        if isGzip {
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            guard inflateInit2_(s, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                s.deallocate(); close(fd); throw IngestError.unreadable(path: path, reason: "cannot initialise zlib")
            }
            gzip = s
        }
    }

    deinit {
        if let gzip { inflateEnd(gzip); gzip.deallocate() }
        close(fd)
    }

    private func fillRaw() throws {
        if rawStart < rawEnd || eof { return }
        let n = raw.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
        if n < 0 { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        rawStart = 0; rawEnd = n
        if n == 0 { eof = true }
    }

    /// Fills `buffer` with up to `buffer.count` bytes; returns 0 at the end of the file.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        if !isGzip {
            try fillRaw()
            let n = min(buffer.count, rawEnd - rawStart)
            if n > 0 {
                raw.withUnsafeBufferPointer { src in
                    buffer.baseAddress!.update(from: src.baseAddress! + rawStart, count: n)
                }
                rawStart += n
            }
            return n
        }
        var produced = 0
        while produced == 0 && !gzipDone {
            try fillRaw()
            if rawStart == rawEnd && eof {
                if !streamEnded {
                    throw IngestError.unreadable(path: path, reason: "gzip stream is truncated")
                }
                gzipDone = true; break
            }
            let status: Int32 = raw.withUnsafeMutableBufferPointer { src in
                gzip!.pointee.next_in = src.baseAddress! + rawStart
                gzip!.pointee.avail_in = UInt32(rawEnd - rawStart)
                gzip!.pointee.next_out = buffer.baseAddress! + produced
                gzip!.pointee.avail_out = UInt32(buffer.count - produced)
                let r = inflate(gzip!, Z_NO_FLUSH)
                rawStart = rawEnd - Int(gzip!.pointee.avail_in)
                produced = buffer.count - Int(gzip!.pointee.avail_out)
                return r
            }
            streamEnded = false
            switch status {
            case Z_STREAM_END:
                streamEnded = true
                inflateReset(gzip!)   // a concatenated member may follow
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                throw IngestError.unreadable(path: path, reason: "corrupt gzip data")
            }
        }
        return produced
    }
}

private func posixRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, p, n)
    #else
    return Darwin.read(fd, p, n)
    #endif
}
