/// One field of a scanned record: a slice of the input, or of the scanner's scratch when quotes had to be undone.
public struct FieldSpan {
    public var start: UnsafePointer<UInt8>
    public var count: Int
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
}

/// A record as the scanner hands it over; its spans are valid only during the call.
public struct CSVRecord {
    public let spans: UnsafeMutablePointer<FieldSpan>
    public let count: Int
    /// The physical line the record starts on.
    public let line: Int
    /// Offset of the record's first byte in the scanned buffer.
    public let offset: Int

    @inline(__always) public subscript(_ i: Int) -> UnsafeBufferPointer<UInt8> { spans[i].bytes }

    /// The fields as libcsv's wrapper builds them, for code that wants a `RawRecord`.
    public func raw(into r: inout RawRecord) {
        r.reset()
        for i in 0..<count { r.bytes.append(contentsOf: self[i]); r.ends.append(r.bytes.count) }
        r.line = line
    }
}

/// libcsv's grammar as spend uses it (non-strict, blanks around fields trimmed, `CSV_REPALL_NL`), scanned over a
/// whole buffer of decoded text (LF line ends) with no copy and no callback per field.
///
/// Unquoted fields and quoted fields without doubled quotes are slices of the input; any other quoted field runs
/// through libcsv's state machine byte by byte into a scratch buffer, so odd input gives libcsv's own answer.
/// Line numbers follow `LibCSVParser`: a record advances by one plus the line feeds inside its fields, a blank line
/// by one. A CR reads as the transcoder decodes it (CRLF and a lone CR are one LF), so raw UTF-8 with Windows line
/// ends scans to the records of its decoded text. `Tests/…/CSVScannerTests` holds both parsers to the same records on fixtures, random input and every split.
/// - Complexity: O(n) in the buffer's length.
public struct CSVScanner {
    public let delimiter: UInt8
    /// The line the next record starts on.
    public var line: Int
    /// Set by a final scan whose last record is inside a quoted field that never closes: that record's offset.
    public private(set) var unterminatedAt: Int?
    private var spans: UnsafeMutablePointer<FieldSpan>
    private var spanCapacity = 64
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 0
    private let tabIsSpace: Bool

    public init(delimiter: UInt8, firstLine: Int = 1) {
        self.delimiter = delimiter
        self.line = firstLine
        self.tabIsSpace = delimiter != 0x09
        spans = .allocate(capacity: spanCapacity)
        scratch = .allocate(capacity: 1)
    }

    /// Frees the buffers; the scanner is not used afterwards.
    public func deallocate() { spans.deallocate(); scratch.deallocate() }

    @inline(__always) private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c == 0x09 && tabIsSpace) }

    @inline(__always) private mutating func push(_ start: UnsafePointer<UInt8>, _ count: Int, _ n: inout Int) {
        if n == spanCapacity { spans = spans.doubled(count: n, capacity: &spanCapacity) }
        spans[n] = FieldSpan(start: start, count: count)
        n += 1
    }

    /// Scans the whole records of `buf`, calling `body` for each; returns the bytes consumed. Without `final` an
    /// incomplete last record is left for the next call (with more bytes after it); with `final` it ends the input.
    /// Stops before a row that starts at or after `limit`, and after `maxRecords` records.
    public mutating func scan(_ buf: UnsafeBufferPointer<UInt8>, final: Bool, limit: Int = .max, maxRecords: Int = .max,
                              _ body: (CSVRecord) -> Void) -> Int {
        guard let b = buf.baseAddress, buf.count > 0 else { return 0 }
        if scratchCapacity < buf.count {
            scratch.deallocate()
            scratchCapacity = buf.count
            scratch = .allocate(capacity: scratchCapacity)
        }
        let end = buf.count
        let delim = delimiter
        var p = 0
        var records = 0
        records: while p < end {
            if p >= limit { return p }
            let recordStart = p
            var n = 0
            var lfs = 0
            var used = 0  // scratch bytes of this record
            while p < end && isSpace(b[p]) { p += 1 }
            if p == end { return final ? end : recordStart }
            if b[p] == 0x0A || b[p] == 0x0D {
                p += 1
                if b[p - 1] == 0x0D && !lineEnd(b, &p, end, final) { return recordStart }
                line += 1
                continue
            }
            fields: while true {
                // At a field's start, blanks skipped, p < end.
                let c = b[p]
                if c == delim {
                    push(b + p, 0, &n); p += 1
                } else if c == 0x0A || c == 0x0D {
                    push(b + p, 0, &n); p += 1
                    if c == 0x0D && !lineEnd(b, &p, end, final) { return recordStart }
                    break fields
                } else if c != 0x22 {
                    let s = p
                    p = CSVScanner.find(b, from: p + 1, end: end, delim, 0x0A, 0x0D)
                    if p == end && !final { return recordStart }
                    var e = p
                    while e > s && isSpace(b[e - 1]) { e -= 1 }
                    push(b + s, e - s, &n)
                    if p == end { break fields }
                    let t = b[p]
                    p += 1
                    if t == 0x0D && !lineEnd(b, &p, end, final) { return recordStart }
                    if t != delim { break fields }
                } else {
                    let s = p + 1
                    var q = s
                    var plain = true
                    var fieldLFs = 0
                    while true {
                        q = CSVScanner.find(b, from: q, end: end, 0x22, 0x0A, 0x0D)
                        guard q < end, b[q] != 0x22 else { break }
                        if b[q] == 0x0D { plain = false } else { fieldLFs += 1 }
                        q += 1
                    }
                    if q == end { return unterminated(recordStart, final) }
                    var r = q + 1
                    while r < end && isSpace(b[r]) { r += 1 }
                    if !plain || (r < end && b[r] != delim && b[r] != 0x0A && b[r] != 0x0D) {
                        // A doubled quote, text after the closing quote or a CR: libcsv's state machine, into scratch.
                        guard let (count, next, ended) = quotedSlow(b, from: s, end: end, into: scratch + used, final: final) else {
                            return unterminated(recordStart, final)
                        }
                        if ended == .input && !final { return recordStart }
                        push(scratch + used, count, &n)
                        for k in 0..<count where scratch[used + k] == 0x0A { lfs += 1 }
                        used += count
                        p = next
                        if ended != .delimiter { break fields }
                    } else {
                        if r == end && !final { return recordStart }
                        push(b + s, q - s, &n)
                        lfs += fieldLFs
                        if r == end { p = end; break fields }
                        p = r + 1
                        if b[r] == 0x0D && !lineEnd(b, &p, end, final) { return recordStart }
                        if b[r] != delim { break fields }
                    }
                }
                // After a delimiter: the next field's leading blanks.
                while p < end && isSpace(b[p]) { p += 1 }
                if p == end {
                    if !final { return recordStart }
                    push(b + p, 0, &n)
                    break fields
                }
            }
            body(CSVRecord(spans: spans, count: n, line: line, offset: recordStart))
            line += lfs + 1
            records += 1
            if records == maxRecords { return p }
        }
        return p
    }

    /// The offset of the first of three bytes at or after `from` (`end` when none): eight bytes per step, each
    /// compared at once (SWAR; the lowest flagged byte is exact, borrows only flag bytes above it; little-endian).
    @inline(__always) static func find(_ b: UnsafePointer<UInt8>, from: Int, end: Int, _ x: UInt8, _ y: UInt8, _ z: UInt8) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let mx = UInt64(x) &* ones, my = UInt64(y) &* ones, mz = UInt64(z) &* ones
        @inline(__always) func zeros(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        var p = from
        let raw = UnsafeRawPointer(b)
        while p + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let m = zeros(w ^ mx) | zeros(w ^ my) | zeros(w ^ mz)
            if m != 0 { return p + m.trailingZeroBitCount >> 3 }
            p += 8
        }
        while p < end {
            let c = b[p]
            if c == x || c == y || c == z { return p }
            p += 1
        }
        return p
    }

    /// After a CR at `p - 1`: a LF right after it belongs to it (CRLF is one line end, as the transcoder reads it).
    /// False when the CR ends the buffer and more input may bring that LF.
    @inline(__always) private func lineEnd(_ b: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int, _ final: Bool) -> Bool {
        if p == end { return final }
        if b[p] == 0x0A { p += 1 }
        return true
    }

    /// Goes on after an unterminated record was rejected: its line counts as one.
    public mutating func skipUnterminated() { unterminatedAt = nil; line += 1 }

    private mutating func unterminated(_ recordStart: Int, _ final: Bool) -> Int {
        if final { unterminatedAt = recordStart }
        return recordStart
    }

    enum FieldEnd { case delimiter, lineFeed, input }

    /// libcsv's states FIELD_BEGUN (quoted) and FIELD_MIGHT_HAVE_ENDED from just after an opening quote; returns the
    /// field's length in `out`, where scanning goes on and what ended it, or nil when the quote never closes.
    private func quotedSlow(_ b: UnsafePointer<UInt8>, from s: Int, end: Int, into out: UnsafeMutablePointer<UInt8>,
                            final: Bool) -> (Int, Int, FieldEnd)? {
        var p = s, o = 0, spaces = 0
        var mightHaveEnded = false
        while p < end {
            let c = b[p]
            p += 1
            if c == 0x0D && !lineEnd(b, &p, end, final) { return nil }  // CRLF and a lone CR read as LF
            if !mightHaveEnded {
                out[o] = c == 0x0D ? 0x0A : c; o += 1
                if c == 0x22 { mightHaveEnded = true }
                continue
            }
            if c == delimiter { return (o - spaces - 1, p, .delimiter) }
            if c == 0x0A || c == 0x0D { return (o - spaces - 1, p, .lineFeed) }
            if isSpace(c) { out[o] = c; o += 1; spaces += 1; continue }
            if c == 0x22 {
                if spaces > 0 { spaces = 0; out[o] = c; o += 1 } else { mightHaveEnded = false }
                continue
            }
            mightHaveEnded = false; spaces = 0
            out[o] = c; o += 1
        }
        return mightHaveEnded ? (o - spaces - 1, end, .input) : nil
    }
}
