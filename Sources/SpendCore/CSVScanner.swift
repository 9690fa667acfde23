/// Whether the records read so far are above the header (set by the reader, read by `CSVScanner`).
public final class HeaderGate {
    public var awaiting = false
    public init() {}
}

/// One field of a scanned record: a slice of the input, or of the scanner's scratch when quotes had to be undone.
@frozen public struct FieldSpan {
    public var start: UnsafePointer<UInt8>
    public var count: Int
    @inlinable public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    @inlinable init(start: UnsafePointer<UInt8>, count: Int) {
        self.start = start
        self.count = count
    }
}

/// A record as the scanner hands it over; its spans are valid only during the call.
@frozen public struct CSVRecord {
    public let spans: UnsafeMutablePointer<FieldSpan>
    public let count: Int
    /// The physical line the record starts on.
    public let line: Int
    /// Offset of the record's first byte in the scanned buffer.
    public let offset: Int
    /// Whether a field lies in the scanner's scratch (quotes undone), which the next record overwrites; the others
    /// are slices of the scanned buffer, valid until `scan` returns.
    public let copied: Bool

    @inlinable @inline(__always) public subscript(_ i: Int) -> UnsafeBufferPointer<UInt8> { spans[i].bytes }

    @inlinable public init(
        spans: UnsafeMutablePointer<FieldSpan>, count: Int, line: Int, offset: Int, copied: Bool
    ) {
        self.spans = spans
        self.count = count
        self.line = line
        self.offset = offset
        self.copied = copied
    }
}

/// libcsv's grammar as spend uses it (non-strict, blanks around fields trimmed, `CSV_REPALL_NL`), scanned over a
/// whole buffer of decoded text (LF line ends) with no copy and no callback per field, and the checks of
/// `RecordChecks` made as `LibCSVParser` makes them.
///
/// Unquoted fields and quoted fields without doubled quotes are slices of the input; any other quoted field runs
/// through libcsv's state machine byte by byte into a scratch buffer, so odd input gives libcsv's own answer.
/// Line numbers follow `LibCSVParser`: a record advances by one plus the line feeds inside its fields, a blank line
/// by one. A CR reads as the transcoder decodes it (CRLF and a lone CR are one LF), so raw UTF-8 with Windows line
/// ends scans to the records of its decoded text. `Tests/…/CSVScannerTests` holds both parsers to the same records
/// and rejects on fixtures, random input and every split.
/// - Complexity: O(n) in the buffer's length; a record is scanned again when a later buffer completes it, and
///   never holds more than `checks.maxBytes` plus one buffer.
///
/// Noncopyable: the scanner owns its span and scratch buffers and frees them in `deinit`, so no copy can free
/// them twice and no owner has to remember to; the scan loop reads them as stored properties, as before.
public struct CSVScanner: ~Copyable {
    public let delimiter: UInt8
    /// The line the next record starts on.
    public var line: Int
    public let checks: RecordChecks
    /// Fields of a data record; once known, quotes are checked (`checks.quotes`: the first record's count).
    public private(set) var width: Int?
    /// Says, while the reader has not found the header (a preamble above it), that the width waits for the
    /// header's; a reference, so the reader can set it from the record's callback, during `scan`.
    public var headerGate: HeaderGate?
    /// After a rejected record: the bytes up to the next line end belong to it.
    private var skipping = false
    /// Whether the bytes consumed so far end inside a rejected row.
    public var isSkipping: Bool { skipping }
    /// The spans of the record being scanned and their room (read and grown by `CSVScanner+PlainRecords` too).
    var spans: UnsafeMutablePointer<FieldSpan>
    var spanCapacity = 64
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 0
    private let tabIsSpace: Bool

    public init(delimiter: UInt8, firstLine: Int = 1, checks: RecordChecks = .none, width: Int? = nil) {
        self.delimiter = delimiter
        self.line = firstLine
        self.checks = checks
        self.width = checks.quotes ? width : nil
        self.tabIsSpace = delimiter != 0x09
        spans = .allocate(capacity: spanCapacity)
        scratch = .allocate(capacity: 1)
    }

    deinit { spans.deallocate(); scratch.deallocate() }

    @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c == 0x09 && tabIsSpace) }

    @inline(__always) mutating func push(_ start: UnsafePointer<UInt8>, _ count: Int, _ n: inout Int) {
        if n == spanCapacity { spans = spans.doubled(count: n, capacity: &spanCapacity) }
        spans[n] = FieldSpan(start: start, count: count)
        n += 1
    }

    /// A quote problem of a record: what, the byte that shows it, where the offending field's quote opened and the
    /// line ends of the record before it.
    private struct Problem {
        var reason: ScanProblem
        /// The span that must fit in `maxBytes` for this problem to win over the record's length.
        var through: Int
        var open: Int
        var lineEnds: Int
    }

    /// How scanning a record ended: whole, cut off by the end of the buffer, or at a quote problem.
    private enum Outcome { case record, more, problem(Problem) }

    /// Scans the whole records of `buf`, calling `body` for each and `problems` (line, problem) for each rejected
    /// one; returns the bytes consumed. Without `final` an incomplete last record is left for the next call (with
    /// more bytes after it); with `final` it ends the input. Stops before a row that starts at or after `limit`,
    /// and after `maxRecords` records and rejects.
    public mutating func scan(
        _ buf: UnsafeBufferPointer<UInt8>, final: Bool, limit: Int = .max, maxRecords: Int = .max,
        problems onProblem: (Int, ScanProblem) -> Void, _ body: (CSVRecord) -> Void
    ) -> Int {
        guard let b = buf.baseAddress, buf.count > 0 else { return 0 }
        if scratchCapacity < buf.count {
            scratch.deallocate()
            scratchCapacity = buf.count
            scratch = .allocate(capacity: scratchCapacity)
        }
        let end = buf.count
        let delim = delimiter
        let ends = RecordEnds()
        var p = 0
        var records = 0
        records: while p < end {
            if skipping {
                let e = CSVScanner.find(b, from: p, end: end, 0x0A, 0x0D, 0x0A)
                if e == end { return final ? end : CSVScanner.utf8Boundary(b, from: p, end: end) }
                p = e + 1
                if b[e] == 0x0D && !lineEnd(b, &p, end, final) { return e }
                skipping = false
                line += 1
                continue
            }
            if p >= limit { return p }
            let recordStart = p
            if let (next, fields) = plainRecord(b, from: p, end: end, ends) {
                body(CSVRecord(spans: spans, count: fields, line: line, offset: recordStart, copied: false))
                if checks.quotes && width == nil && !(headerGate?.awaiting ?? false) { width = fields }
                line += 1
                p = next
                records += 1
                if records == maxRecords { return p }
                continue records
            }
            var n = 0
            var lfs = 0
            var used = 0  // scratch bytes of this record
            var atEOF = false
            var outcome = Outcome.record
            record: do {
                while p < end && isSpace(b[p]) { p += 1 }
                if p == end {
                    if !final { outcome = .more; break record }
                    if let (at, ends) = tooLong(b, from: recordStart, to: end, terminated: false) {
                        rejectTooLong(at: at, lineEnds: ends, &p, onProblem)
                    }
                    return end
                }
                if b[p] == 0x0A || b[p] == 0x0D {
                    p += 1
                    if b[p - 1] == 0x0D && !lineEnd(b, &p, end, final) { outcome = .more; break record }
                    if let (at, ends) = tooLong(b, from: recordStart, to: p, terminated: true) {
                        rejectTooLong(at: at, lineEnds: ends, &p, onProblem)
                    } else {
                        line += 1
                    }
                    continue records
                }
                fields: while true {
                    // At a field's start, blanks skipped, p < end.
                    let c = b[p]
                    if c == delim {
                        push(b + p, 0, &n); p += 1
                    } else if c == 0x0A || c == 0x0D {
                        push(b + p, 0, &n); p += 1
                        if c == 0x0D && !lineEnd(b, &p, end, final) { outcome = .more; break record }
                        break fields
                    } else if c != 0x22 {
                        let s = p
                        p = CSVScanner.find(b, from: p + 1, end: end, delim, 0x0A, 0x0D)
                        if p == end && !final { outcome = .more; break record }
                        var e = p
                        while e > s && isSpace(b[e - 1]) { e -= 1 }
                        push(b + s, e - s, &n)
                        if p == end { atEOF = true; break fields }
                        let t = b[p]
                        p += 1
                        if t == 0x0D && !lineEnd(b, &p, end, final) { outcome = .more; break record }
                        if t != delim { break fields }
                    } else {
                        switch quotedField(b, open: p, end: end, final: final, into: scratch + used, field: n + 1) {
                        case .more:
                            outcome = .more; break record
                        case .problem(let reason, let at):
                            outcome = .problem(Problem(reason: reason, through: at + 1, open: p, lineEnds: lfs));
                            break record
                        case .unterminated:
                            outcome = .problem(
                                Problem(reason: .unterminatedQuote, through: end, open: p, lineEnds: lfs));
                            break record
                        case .field(let start, let count, let ends, let next, let ended, let copied):
                            push(start, count, &n)
                            lfs += ends
                            if copied { used += count }
                            p = next
                            if ended == .input { atEOF = true; break fields }
                            if ended == .lineEnd { break fields }
                        }
                    }
                    // After a delimiter: the next field's leading blanks.
                    while p < end && isSpace(b[p]) { p += 1 }
                    if p == end {
                        if !final { outcome = .more; break record }
                        push(b + p, 0, &n)
                        atEOF = true
                        break fields
                    }
                }
            }
            switch outcome {
            case .record:
                if let (at, ends) = tooLong(b, from: recordStart, to: p, terminated: !atEOF) {
                    rejectTooLong(at: at, lineEnds: ends, &p, onProblem)
                } else {
                    body(CSVRecord(spans: spans, count: n, line: line, offset: recordStart, copied: used > 0))
                    if checks.quotes && width == nil && !(headerGate?.awaiting ?? false) { width = n }
                    line += lfs + 1
                }
            case .more:
                // Incomplete: too long already unless the byte at the limit is a CR that may end the record.
                if let (at, ends) = tooLong(b, from: recordStart, to: end, terminated: false),
                    !(at == end - 1 && b[at] == 0x0D)
                {
                    rejectTooLong(at: at, lineEnds: ends, &p, onProblem)
                } else {
                    return recordStart
                }
            case .problem(let problem):
                if let (at, ends) = tooLong(b, from: recordStart, to: problem.through, terminated: false) {
                    rejectTooLong(at: at, lineEnds: ends, &p, onProblem)
                } else {
                    onProblem(line, problem.reason)
                    line += problem.lineEnds
                    p = problem.open
                    skipping = true
                }
            }
            records += 1
            if records == maxRecords { return p }
        }
        return p
    }

    /// Where a record from `from` becomes too long, and its line ends before that byte: nil when its text in
    /// `b[from..<to]` (less a last line end when `terminated`) fits in `checks.maxBytes`.
    private func tooLong(_ b: UnsafePointer<UInt8>, from: Int, to: Int, terminated: Bool) -> (Int, Int)? {
        let max = checks.maxBytes
        guard to - from > max, CSVScanner.decodedByte(b, from: from, to: to, index: terminated ? max + 1 : max) != nil
        else { return nil }
        return CSVScanner.decodedByte(b, from: from, to: to, index: max)
    }

    /// Rejects a record too long at byte `at`: reading goes on after the first line end from there.
    private mutating func rejectTooLong(at: Int, lineEnds: Int, _ p: inout Int, _ onProblem: (Int, ScanProblem) -> Void)
    {
        onProblem(line, checks.tooLong)
        line += lineEnds
        p = at
        skipping = true
    }

    /// The offset of decoded byte number `index` of `b[from..<to]` read as the transcoder decodes it (a CR is a
    /// line end, a LF right after it nothing), with the line ends before it; nil when there are fewer bytes.
    static func decodedByte(_ b: UnsafePointer<UInt8>, from: Int, to: Int, index: Int) -> (Int, Int)? {
        var k = from, count = 0, ends = 0
        while k < to {
            let c = b[k]
            if c == 0x0A && k > from && b[k - 1] == 0x0D { k += 1; continue }
            if count == index { return (k, ends) }
            if c == 0x0A || c == 0x0D { ends += 1 }
            count += 1
            k += 1
        }
        return nil
    }

    /// `end`, or the start of a UTF-8 sequence that `end` would cut (a skip never splits a character, so what it
    /// consumed still validates).
    static func utf8Boundary(_ b: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var k = end
        while k > from && end - k < 3 && b[k - 1] & 0xC0 == 0x80 { k -= 1 }
        guard k > from, b[k - 1] >= 0xC0 else { return end }
        return Validation.sequence(b[k - 1]).length > end - (k - 1) ? k - 1 : end
    }

    /// The offset of the first of three bytes at or after `from` (`end` when none): eight bytes per step, each
    /// compared at once (SWAR; the lowest flagged byte is exact, borrows only flag bytes above it; little-endian).
    @inline(__always) public static func find(
        _ b: UnsafePointer<UInt8>, from: Int, end: Int, _ x: UInt8, _ y: UInt8, _ z: UInt8
    ) -> Int {
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
    @inline(__always) private func lineEnd(_ b: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int, _ final: Bool) -> Bool
    {
        if p == end { return final }
        if b[p] == 0x0A { p += 1 }
        return true
    }
}

extension CSVScanner {
    enum FieldEnd { case delimiter, lineEnd, input }

    /// How a quoted field ended: its bytes (a slice of the input, or `copied` into scratch), its line ends, where
    /// scanning goes on and what ended it; or more input needed, a quote problem at a byte, or no closing quote.
    enum Quoted {
        case field(UnsafePointer<UInt8>, Int, lineEnds: Int, next: Int, ended: FieldEnd, copied: Bool)
        case more
        case problem(ScanProblem, at: Int)
        case unterminated
    }

    /// The quoted field whose opening quote is at `open` (field number `field`, from 1), with rules 1 and 2 of
    /// `RecordChecks` once the width is known. Looks for the closing quote eight bytes at a time; a doubled quote,
    /// text after the closing quote or a CR goes through `quotedSlow`.
    func quotedField(
        _ b: UnsafePointer<UInt8>, open: Int, end: Int, final: Bool, into out: UnsafeMutablePointer<UInt8>,
        field: Int
    ) -> Quoted {
        let s = open + 1
        let threshold = width.map(RecordChecks.threshold)
        var q = s
        var plain = true, lineEnded = false
        var lfs = 0, delimiters = 0
        while true {
            let next = CSVScanner.find(b, from: q, end: end, 0x22, 0x0A, 0x0D)
            if lineEnded, let t = threshold {
                for k in q..<next where b[k] == delimiter {
                    delimiters += 1
                    if delimiters >= t { return .problem(.unterminatedQuote, at: k) }
                }
            }
            q = next
            guard q < end, b[q] != 0x22 else { break }
            if b[q] == 0x0D { plain = false } else { lfs += 1 }
            lineEnded = true
            delimiters = 0
            q += 1
        }
        if q == end { return final ? .unterminated : .more }
        var r = q + 1
        while r < end && isSpace(b[r]) { r += 1 }
        if plain && (r == end || b[r] == delimiter || b[r] == 0x0A || b[r] == 0x0D) {
            if r == end {
                return final ? .field(b + s, q - s, lineEnds: lfs, next: end, ended: .input, copied: false) : .more
            }
            var next = r + 1
            if b[r] == 0x0D && !lineEnd(b, &next, end, final) { return .more }
            return .field(
                b + s, q - s, lineEnds: lfs, next: next, ended: b[r] == delimiter ? .delimiter : .lineEnd, copied: false
            )
        }
        return quotedSlow(b, from: s, end: end, into: out, final: final, field: field)
    }

    /// libcsv's states FIELD_BEGUN (quoted) and FIELD_MIGHT_HAVE_ENDED from just after an opening quote, byte by
    /// byte into `out`; with a width, its strict mode's errors (rule 1) and rule 2 of `RecordChecks`.
    private func quotedSlow(
        _ b: UnsafePointer<UInt8>, from s: Int, end: Int, into out: UnsafeMutablePointer<UInt8>,
        final: Bool, field: Int
    ) -> Quoted {
        let threshold = width.map(RecordChecks.threshold)
        var p = s, o = 0, spaces = 0
        var mightHaveEnded = false, lineEnded = false
        var lfs = 0, delimiters = 0
        while p < end {
            let at = p
            let c = b[p]
            p += 1
            if c == 0x0D && !lineEnd(b, &p, end, final) { return .more }  // CRLF and a lone CR read as LF
            if !mightHaveEnded {
                if c == 0x0A || c == 0x0D {
                    lfs += 1; lineEnded = true; delimiters = 0
                } else if c == delimiter, lineEnded, let t = threshold {
                    delimiters += 1
                    if delimiters >= t { return .problem(.unterminatedQuote, at: at) }
                }
                out[o] = c == 0x0D ? 0x0A : c; o += 1
                if c == 0x22 { mightHaveEnded = true }
                continue
            }
            if c == delimiter {
                return .field(out, o - spaces - 1, lineEnds: lfs, next: p, ended: .delimiter, copied: true)
            }
            if c == 0x0A || c == 0x0D {
                return .field(out, o - spaces - 1, lineEnds: lfs, next: p, ended: .lineEnd, copied: true)
            }
            if isSpace(c) { out[o] = c; o += 1; spaces += 1; continue }
            if c == 0x22 && spaces == 0 { mightHaveEnded = false; continue }  // a doubled quote
            if threshold != nil { return .problem(.textAfterQuote(field: field), at: at) }
            out[o] = c; o += 1
            if c == 0x22 { spaces = 0; continue }  // libcsv keeps a quote after blanks and may still end the field
            mightHaveEnded = false; spaces = 0
        }
        if mightHaveEnded {
            return final ? .field(out, o - spaces - 1, lineEnds: lfs, next: end, ended: .input, copied: true) : .more
        }
        return final ? .unterminated : .more
    }
}
