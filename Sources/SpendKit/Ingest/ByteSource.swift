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
    /// Bytes after the gzip data that are no gzip member (not counting a padding of zeros): not read, as gunzip
    /// ignores them ("trailing garbage ignored"); the caller warns of them.
    private(set) var trailingBytes = 0
    /// The file as it was opened, to tell at the end whether it changed while it was read.
    private let stamp: FileStamp

    /// Refuses what is no file to read: missing, a directory, or a pipe, socket or device, whose `open` may wait for
    /// a writer for ever (a FIFO a glob matched hung the nightly run, holding its lock).
    static func checkFile(_ path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { throw IngestError.missingFile(path: path) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw IngestError.unreadable(path: path, reason: "is a directory")
        default: throw IngestError.unreadable(path: path, reason: "is no regular file (a pipe, a socket or a device)")
        }
    }

    init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        try ByteSource.checkFile(path)
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        fd = opened
        guard let stamp = FileStamp(fd: opened) else {
            close(opened); throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        self.stamp = stamp
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

    /// Throws when the file is not the one opened any more: its size, modification time or inode differ, by `fstat`
    /// on the open file or `stat` on its path (a dump rewritten, truncated, appended to or replaced while read).
    func checkUnchanged() throws {
        guard FileStamp(fd: fd) == stamp, FileStamp(path: path) == stamp else {
            throw IngestError.changedWhileRead(path: path)
        }
    }

    /// Whether the bytes at `rawStart` may start a gzip member: `1F 8B`, or a lone `1F` at the end (a cut member).
    private func startsMember() throws -> Bool {
        guard raw[rawStart] == 0x1F else { return false }
        guard let second = try secondByte() else { return true }
        return second == 0x8B
    }

    /// The byte after `raw[rawStart]`, read in when the buffer ends there (that byte moved to the front); nil at the
    /// end of the file.
    private func secondByte() throws -> UInt8? {
        if rawStart + 1 < rawEnd { return raw[rawStart + 1] }
        if eof { return nil }
        raw[0] = raw[rawStart]
        let n = try readRaw(at: 1)
        rawStart = 0; rawEnd = 1 + n
        if n == 0 { eof = true; return nil }
        return raw[1]
    }

    /// Reads the bytes after the last gzip member to the end, counting them unless they are all zeros.
    private func skipTrailing() throws {
        var count = 0, zeros = true
        repeat {
            count += rawEnd - rawStart
            if zeros { zeros = raw[rawStart..<rawEnd].allSatisfy { $0 == 0 } }
            rawStart = rawEnd
            try fillRaw()
        } while !eof
        trailingBytes = zeros ? 0 : count
    }

    /// Reads the file on into `raw` from `offset` to its end; the bytes read (0 at the end of the file).
    private func readRaw(at offset: Int) throws -> Int {
        let n = raw.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 { throw IngestError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        return n
    }

    private func fillRaw() throws {
        if rawStart < rawEnd || eof { return }
        let n = try readRaw(at: 0)
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
            if streamEnded && rawStart < rawEnd, try !startsMember() {
                try skipTrailing()
                gzipDone = true; break
            }
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
                inflateReset(gzip!)  // a concatenated member may follow
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

/// What tells a file's contents apart cheaply: device, inode, size and modification time to the nanosecond.
struct FileStamp: Equatable {
    var device: UInt64, inode: UInt64, size: Int64, seconds: Int64, nanoseconds: Int64

    init(_ st: stat) {
        device = UInt64(st.st_dev); inode = UInt64(st.st_ino); size = Int64(st.st_size)
        #if canImport(Darwin)
            seconds = Int64(st.st_mtimespec.tv_sec); nanoseconds = Int64(st.st_mtimespec.tv_nsec)
        #else
            seconds = Int64(st.st_mtim.tv_sec); nanoseconds = Int64(st.st_mtim.tv_nsec)
        #endif
    }

    init?(fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        self.init(st)
    }

    init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        self.init(st)
    }
}

/// The tests' way to change a dump while spend reads it, as a nightly export rewriting it would: after the first
/// chunk of each invoice file (before the parallel reader's workers start), `append` adds a line, `truncate` halves
/// the file, `replace` puts a copy in its place (a new inode). Set by `SPEND_CHANGE_WHILE_READING`, or in-process with
/// `ChangeWhileReading.$mode.withValue(…)`.
enum ChangeWhileReading {
    @TaskLocal static var mode: String? = ProcessInfo.processInfo.environment["SPEND_CHANGE_WHILE_READING"]

    static func apply(_ mode: String, to path: String) {
        switch mode {
        case "append":
            let fd = open(path, O_WRONLY | O_APPEND)
            guard fd >= 0 else { return }
            _ = "X;Y;Z\n".withCString { write(fd, $0, strlen($0)) }
            close(fd)
        case "truncate":
            var st = stat()
            if stat(path, &st) == 0 { _ = truncate(path, st.st_size / 2) }
        case "replace":
            guard let data = FileManager.default.contents(atPath: path) else { return }
            let copy = path + ".replacing"
            if FileManager.default.createFile(atPath: copy, contents: data) { _ = rename(copy, path) }
        default:
            break
        }
    }
}
