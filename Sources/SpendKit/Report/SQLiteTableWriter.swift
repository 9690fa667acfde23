import Foundation

/// Writes the rows of one table straight into its B-tree pages, in a database file SQLite made and no connection
/// has open: a copy per row instead of SQLite's ~1 µs per `INSERT`, which on a 5-million-line ledger is most of a run.
///
/// The format is SQLite's documented, stable one (https://www.sqlite.org/fileformat2.html §1.3, §1.6, §2.1): rows
/// appended in rising rowid order fill table-leaf pages one after another at the end of the file; `finish` builds
/// the interior pages over them (every leaf at one depth), puts the top one on the table's root page, and sets the
/// page count in the header. A row whose record would not fit on one page (it would need overflow pages) is
/// declined: the caller inserts it through SQLite afterwards. `PRAGMA integrity_check` in the tests checks the result.
/// Full pages go to the file in 1 MB buffers on a thread of their own (`PageWriter`).
/// - Complexity: O(record size) per row; memory one leaf, three 1 MB write buffers, and 12 bytes per leaf page.
final class SQLiteTableWriter {
    let path: String
    let pageSize: Int
    /// The table's root page (SQLite made it, empty).
    let root: UInt32
    /// Pages in the file.
    private(set) var pageCount: UInt32
    /// The largest record a table-leaf cell holds without an overflow page (usable size − 35).
    var maxLocal: Int { pageSize - 35 }
    /// The database file, open for writing (the tests make it fail underneath).
    let fd: Int32
    private var leaf: UnsafeMutablePointer<UInt8>
    private var cells = 0, content: Int
    private var lastRowid: Int64 = 0
    /// Leaves and interior pages written, with the largest rowid under each.
    private var children: [(page: UInt32, key: Int64)] = []
    /// Whole pages waiting to be written, from page `pendingFirst` on: `pendingCount` bytes of a `pages` buffer.
    private let pages: PageWriter
    private var pending: UnsafeMutableRawPointer
    private var pendingCount = 0
    private var pendingFirst: UInt32 = 0
    private static let pendingPages = 256

    /// Opens the file SQLite made; `root` is the table's root page, `pageCount` the file's pages.
    init(path: String, pageSize: Int, root: UInt32, pageCount: UInt32) throws {
        precondition(pageSize >= 512 && pageSize <= 32768 && root > 1)
        self.path = path
        self.pageSize = pageSize
        self.root = root
        self.pageCount = pageCount
        let fd = open(path, O_RDWR)
        guard fd >= 0 else { throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        // No bytes reserved at the end of each page (byte 20), no auto-vacuum (52), UTF-8 (56): the layout written here.
        var header = [UInt8](repeating: 0, count: 100)
        let got = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 100, 0) }
        guard got == 100, header[20] == 0, header[52..<56].allSatisfy({ $0 == 0 }), header[59] == 1 else {
            close(fd)
            throw RunError.cannotWrite(path: path, reason: "the database's page layout is not the one spend writes")
        }
        self.fd = fd
        leaf = .allocate(capacity: pageSize)
        leaf.initialize(repeating: 0, count: pageSize)
        content = pageSize
        pages = PageWriter(path: path, fd: fd, capacity: pageSize * Self.pendingPages)
        pending = pages.take()
    }

    deinit {
        pages.giveBack(pending)
        try? pages.wait()
        leaf.deallocate()
        close(fd)
    }

    /// Appends a row whose record is the serial types `types` (the header without its size) and the values `body`
    /// then `tail`; false when the record needs an overflow page, or the rowid is not above the last one: nothing is
    /// written then.
    func append(
        rowid: Int64, types: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>,
        tail: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
    ) throws -> Bool {
        let headerSize = SQLiteVarint.headerSize(types.count)
        let payload = headerSize + types.count + body.count + tail.count
        guard payload <= maxLocal, rowid > lastRowid else { return false }
        let cell = SQLiteVarint.length(UInt64(payload)) + SQLiteVarint.length(UInt64(rowid)) + payload
        if 8 + 2 * (cells + 1) + cell > content { try writeLeaf() }
        content -= cell
        var p = leaf + content
        p += SQLiteVarint.put(UInt64(payload), p)
        p += SQLiteVarint.put(UInt64(rowid), p)
        p += SQLiteVarint.put(UInt64(headerSize + types.count), p)
        if let t = types.baseAddress { p.update(from: t, count: types.count) }
        p += types.count
        if let b = body.baseAddress { p.update(from: b, count: body.count) }
        p += body.count
        if let b = tail.baseAddress { p.update(from: b, count: tail.count) }
        SQLiteTableWriter.put16(content, at: leaf + 8 + 2 * cells)
        cells += 1
        lastRowid = rowid
        return true
    }

    /// Writes the last leaf and the interior pages, the top one on the root page, and the header's page count.
    func finish() throws {
        if children.isEmpty {
            guard cells > 0 else { return }  // no row: the root stays SQLite's empty leaf
            sealLeaf()
            try write(UnsafeRawBufferPointer(start: leaf, count: pageSize), at: root)
        } else {
            if cells > 0 { try writeLeaf() }
            var level = children
            while true {
                // Children per interior page: 12 header bytes, then per cell 2 + 4 + at most 9 bytes.
                let capacity = (pageSize - 12) / 15 + 1
                let pages = (level.count + capacity - 1) / capacity
                if pages == 1 {
                    try write(interior(level[...]), at: root)
                    break
                }
                var next: [(page: UInt32, key: Int64)] = []
                var start = 0
                for i in 0..<pages {
                    let end = level.count * (i + 1) / pages  // evenly: every page gets at least two children
                    pageCount += 1
                    try stage(interior(level[start..<end]), page: pageCount)
                    next.append((pageCount, level[end - 1].key))
                    start = end
                }
                level = next
            }
        }
        try flushPending()
        try pages.wait()
        try updateHeader()
    }

    /// An interior table page over `kids`: a cell (left child, largest rowid under it) for each but the last, which
    /// is the right-most pointer.
    private func interior(_ kids: ArraySlice<(page: UInt32, key: Int64)>) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: pageSize)
        page.withUnsafeMutableBufferPointer { b in
            let p = b.baseAddress!
            var end = pageSize
            var n = 0
            for k in kids.dropLast() {
                let size = 4 + SQLiteVarint.length(UInt64(k.key))
                end -= size
                SQLiteTableWriter.put32(k.page, at: p + end)
                _ = SQLiteVarint.put(UInt64(k.key), p + end + 4)
                SQLiteTableWriter.put16(end, at: p + 12 + 2 * n)
                n += 1
            }
            p[0] = 0x05
            SQLiteTableWriter.put16(n, at: p + 3)
            SQLiteTableWriter.put16(end, at: p + 5)
            SQLiteTableWriter.put32(kids.last!.page, at: p + 8)
        }
        return page
    }

    /// Fills in the leaf's header.
    private func sealLeaf() {
        leaf[0] = 0x0D
        SQLiteTableWriter.put16(cells, at: leaf + 3)
        SQLiteTableWriter.put16(content, at: leaf + 5)
    }

    /// Writes the full leaf as the next page and starts an empty one.
    private func writeLeaf() throws {
        sealLeaf()
        pageCount += 1
        try stage(UnsafeRawBufferPointer(start: leaf, count: pageSize), page: pageCount)
        children.append((pageCount, lastRowid))
        leaf.update(repeating: 0, count: pageSize)
        cells = 0
        content = pageSize
    }

    /// Queues a page written at the end of the file (pages come in order).
    private func stage(_ bytes: [UInt8], page: UInt32) throws {
        try bytes.withUnsafeBytes { try stage($0, page: page) }
    }

    private func stage(_ bytes: UnsafeRawBufferPointer, page: UInt32) throws {
        precondition(bytes.count == pageSize)
        if pendingCount == 0 { pendingFirst = page }
        (pending + pendingCount).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        pendingCount += bytes.count
        if pendingCount + pageSize > pages.capacity { try flushPending() }
    }

    /// Hands the queued pages to the page writer and takes an empty buffer.
    private func flushPending() throws {
        guard pendingCount > 0 else { return }
        try pages.submit(pending, count: pendingCount, at: (Int(pendingFirst) - 1) * pageSize)
        pending = pages.take()
        pendingCount = 0
    }

    private func write(_ bytes: [UInt8], at page: UInt32) throws {
        try bytes.withUnsafeBytes { try write($0, at: page) }
    }

    /// Writes a page now, after every queued one.
    private func write(_ bytes: UnsafeRawBufferPointer, at page: UInt32) throws {
        try pages.wait()
        if let why = pwriteAll(fd, bytes, at: (Int(page) - 1) * pageSize) {
            throw RunError.cannotWrite(path: path, reason: why)
        }
    }

    /// The page count (offset 28), and the change counter (24) with the version it is valid for (92) moved on.
    private func updateHeader() throws {
        var header = [UInt8](repeating: 0, count: 100)
        let got = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 100, 0) }
        guard got == 100 else { throw RunError.cannotWrite(path: path, reason: "cannot read the database header back") }
        let counter = header[24..<28].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } &+ 1
        header.withUnsafeMutableBufferPointer { b in
            SQLiteTableWriter.put32(counter, at: b.baseAddress! + 24)
            SQLiteTableWriter.put32(pageCount, at: b.baseAddress! + 28)
            SQLiteTableWriter.put32(counter, at: b.baseAddress! + 92)
        }
        if let why = header.withUnsafeBytes({ pwriteAll(fd, $0, at: 0) }) {
            throw RunError.cannotWrite(path: path, reason: why)
        }
    }

    @inline(__always) static func put16(_ v: Int, at p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: v >> 8); p[1] = UInt8(truncatingIfNeeded: v)
    }

    @inline(__always) static func put32(_ v: UInt32, at p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: v >> 24); p[1] = UInt8(truncatingIfNeeded: v >> 16)
        p[2] = UInt8(truncatingIfNeeded: v >> 8); p[3] = UInt8(truncatingIfNeeded: v)
    }
}

/// SQLite's variable-length integers (big-endian groups of 7 bits, the ninth byte whole) and serial types.
enum SQLiteVarint {
    @inline(__always) static func length(_ v: UInt64) -> Int {
        if v <= 0x7F { return 1 }
        if v <= 0x3FFF { return 2 }
        if v & (UInt64(0xFF00_0000) << 32) != 0 { return 9 }
        var n = 0, x = v
        repeat { n += 1; x >>= 7 } while x != 0
        return n
    }

    /// Writes `v` at `p`; returns its length.
    @inline(__always) static func put(_ v: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if v <= 0x7F { p[0] = UInt8(v); return 1 }
        if v <= 0x3FFF {
            p[0] = UInt8(truncatingIfNeeded: v >> 7) | 0x80; p[1] = UInt8(truncatingIfNeeded: v) & 0x7F; return 2
        }
        var x = v
        if x & (UInt64(0xFF00_0000) << 32) != 0 {
            p[8] = UInt8(truncatingIfNeeded: x)
            x >>= 8
            for i in stride(from: 7, through: 0, by: -1) { p[i] = UInt8(truncatingIfNeeded: x) & 0x7F | 0x80; x >>= 7 }
            return 9
        }
        let n = length(v)
        for i in stride(from: n - 1, through: 0, by: -1) {
            p[i] = UInt8(truncatingIfNeeded: x) & 0x7F | (i == n - 1 ? 0 : 0x80)
            x >>= 7
        }
        return n
    }

    /// The record header's size field, counting itself, for `types` bytes of serial types.
    @inline(__always) static func headerSize(_ types: Int) -> Int { types + 1 <= 0x7F ? 1 : length(UInt64(types + 2)) }
}
