import CLibCSV
import Foundation

/// Streams decoded UTF-8 (LF line endings) through libcsv and hands each record, with its start line, to `onRecord`,
/// and each row `RecordChecks` rejects to `onProblem`: the reference `CSVScanner` is tested against.
///
/// libcsv reports no positions, so the input goes in one line at a time, cut at the byte where a record would grow
/// past `maxBytes` (rule 4); lines are counted from the record ends and the line feeds inside quoted fields (with
/// `CSV_REPALL_NL` blank lines are reported too). The quote rules are read off libcsv's own state: after the header
/// it runs strict, which stops at text after a closing quote (rule 1; a quote inside an unquoted field, the other
/// strict error, is fed again leniently), and a quoted field's lines after its first line feed go in byte by byte,
/// counting the delimiters libcsv keeps inside the field (rule 2). A rejected record's later lines are fed again
/// from the end of the line where its offending field opened.
final class LibCSVParser {
    /// On the heap: the callbacks change its options while `csv_parse` runs.
    private let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
    private var record = RawRecord()
    private var nextLine: Int
    private var embeddedLF = 0
    private let onRecord: (inout RawRecord) -> Void
    private let onProblem: (Int, RejectReason) -> Void
    private(set) var failed: String?
    private let delimiter: UInt8
    private let checks: RecordChecks
    /// Fields of a data record, once the header is read with `checks.quotes`; libcsv is strict from then on.
    private var width: Int?
    var awaitingHeader = false
    private static let lenient = UInt8(CSV_REPALL_NL | CSV_STRICT_FINI)
    private var options: UInt8 { width == nil ? LibCSVParser.lenient : LibCSVParser.lenient | UInt8(CSV_STRICT) }

    // The record under construction.
    private var rowEnded = false
    /// Its bytes in the pieces before the current one, kept for a replay; their count is its length so far.
    private var fed: [UInt8] = []
    private var lineFeeds = 0
    /// Where in `fed` the line of the open quoted field's quote ends (the field is past a line feed), and the line
    /// feeds before that one.
    private var openLineEnd: Int?
    private var openLineFeeds = 0
    /// Delimiters in the open quoted field since its last line feed.
    private var delimiters = 0
    /// After a rejected record: the bytes up to the next line feed belong to it.
    private var skipping = false
    /// A rejected record's later lines, to feed again before the rest of the input.
    private var carry: [UInt8] = []

    init(
        delimiter: UInt8, firstLine: Int = 1, checks: RecordChecks = .none,
        onRecord: @escaping (inout RawRecord) -> Void,
        onProblem: @escaping (Int, RejectReason) -> Void = { _, _ in }
    ) {
        self.nextLine = firstLine
        self.onRecord = onRecord
        self.onProblem = onProblem
        self.delimiter = delimiter
        self.checks = checks
        parser.initialize(to: csv_parser())
        csv_init(parser, LibCSVParser.lenient)
        csv_set_delim(parser, delimiter)
        if delimiter == 0x09 {
            csv_set_space_func(parser) { c in c == 0x20 ? 1 : 0 }
        } else {
            csv_set_space_func(parser) { c in c == 0x20 || c == 0x09 ? 1 : 0 }
        }
    }

    deinit { csv_free(parser); parser.deallocate() }

    /// libcsv's state FIELD_BEGUN (2) in a quoted field: an opening quote still waits for its closing one.
    var isInsideQuotes: Bool { parser.pointee.pstate == 2 && parser.pointee.quoted != 0 }

    /// Line the record under construction started on.
    var pendingLine: Int { nextLine }

    /// The most bytes of a record kept at once, here or in libcsv's field buffer.
    private(set) var mostBuffered = 0

    func parse(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard chunk.count > 0, failed == nil else { return }
        feed(chunk)
    }

    /// Ends the input; returns false when the last record ends inside an unterminated quoted field.
    func finish() -> Bool {
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        return csv_fini(parser, libcsvField, libcsvRecord, ctx) == 0
    }

    /// `input`, after any replay waiting in `carry`.
    private func feed(_ input: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while failed == nil {
            while !carry.isEmpty && failed == nil {
                let replay = carry
                carry = []
                replay.withUnsafeBufferPointer { b in
                    if let stop = run(b, from: 0) { carry.append(contentsOf: b[stop...]) }
                }
            }
            guard failed == nil, let stop = run(input, from: i) else { return }
            i = stop
        }
    }

    /// Feeds `buf` from `start` a piece at a time; returns where to go on after a replay put into `carry`.
    private func run(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = buf.baseAddress else { return nil }
        let end = buf.count
        var i = start
        func lineFeed(after i: Int) -> Int? {
            memchr(base + i, 0x0A, end - i).map {
                $0.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base) + 1
            }
        }
        while i < end && failed == nil {
            if skipping {
                guard let next = lineFeed(after: i) else { return nil }
                i = next
                skipping = false
                nextLine += 1
                continue
            }
            var stop = lineFeed(after: i) ?? end
            if checks.maxBytes < .max { stop = min(stop, i + checks.maxBytes + 1 - fed.count) }
            let piece = UnsafeBufferPointer(rebasing: buf[i..<stop])
            rowEnded = false
            if let (k, reason) = feedPiece(piece) {
                if fed.count + k >= checks.maxBytes {  // the record's byte maxBytes, the piece's last: too long wins
                    reject(checks.tooLongReject, lines: lineFeeds)
                } else if let o = openLineEnd {
                    carry = Array(fed[o...])
                    reject(reason, lines: openLineFeeds + 1)
                    return i
                } else {
                    reject(reason, lines: lineFeeds)
                }
                skipping = true
                i += k + 1
                continue
            }
            if failed != nil { return nil }
            i = stop
            if rowEnded { clearRecord(); continue }
            fed.append(contentsOf: piece)
            mostBuffered = max(mostBuffered, fed.count, csv_get_buffer_size(parser))
            let lf = piece.last == 0x0A
            if lf {  // inside a quoted field
                if openLineEnd == nil { openLineEnd = fed.count; openLineFeeds = lineFeeds }
                lineFeeds += 1
                delimiters = 0
            }
            if fed.count > checks.maxBytes {
                reject(checks.tooLongReject, lines: lineFeeds)  // a line feed at its byte maxBytes ends it; else skip to the next
                skipping = !lf
            }
        }
        return nil
    }

    /// Feeds one piece (a line feed only as its last byte); returns the offset and reason of a quote problem.
    private func feedPiece(_ piece: UnsafeBufferPointer<UInt8>) -> (Int, RejectReason)? {
        var k = 0
        while k < piece.count && failed == nil {
            guard openLineEnd != nil, let t = width.map(RecordChecks.threshold) else {
                return parseBytes(piece, from: k, count: piece.count - k)
            }
            // A quoted field past its first line feed: byte by byte, counting the delimiters libcsv keeps in it.
            if piece[k] == delimiter && isInsideQuotes {
                delimiters += 1
                if delimiters >= t { return (k, .unterminatedQuote) }
            }
            if let problem = parseBytes(piece, from: k, count: 1) { return problem }
            k += 1
        }
        return nil
    }

    /// Runs libcsv over `count` bytes of `piece` from `from`; returns text after a closing quote (rule 1).
    private func parseBytes(_ piece: UnsafeBufferPointer<UInt8>, from: Int, count: Int) -> (Int, RejectReason)? {
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        var i = from, left = count
        while left > 0 {
            let n = csv_parse(parser, piece.baseAddress! + i, left, libcsvField, libcsvRecord, ctx)
            if n == left { return nil }
            guard csv_error(parser) == CSV_EPARSE else {
                failed = String(cString: csv_strerror(csv_error(parser)))
                return nil
            }
            parser.pointee.status = 0
            let at = i + n
            if parser.pointee.pstate == 3 { return (at, .textAfterQuote(field: record.count + 1)) }
            // A quote inside an unquoted field: kept as libcsv's lenient mode keeps it.
            csv_set_opts(parser, LibCSVParser.lenient)
            _ = csv_parse(parser, piece.baseAddress! + at, 1, libcsvField, libcsvRecord, ctx)
            csv_set_opts(parser, options)
            i = at + 1
            left -= n + 1
        }
        return nil
    }

    /// Reports the record under construction as rejected and starts afresh `lines` lines further on.
    private func reject(_ reason: RejectReason, lines: Int) {
        onProblem(nextLine, reason)
        nextLine += lines
        csv_set_opts(parser, UInt8(CSV_REPALL_NL))  // csv_fini resets even inside quotes
        _ = csv_fini(parser, nil, nil, nil)
        csv_set_opts(parser, options)
        clearRecord()
    }

    private func clearRecord() {
        record.reset()
        embeddedLF = 0
        fed.removeAll(keepingCapacity: true)
        lineFeeds = 0
        openLineEnd = nil
        delimiters = 0
    }

    fileprivate func field(_ p: UnsafeRawPointer?, _ n: Int) {
        if let p, n > 0 {
            let b = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: n)
            record.bytes.append(contentsOf: b)
            for c in b where c == 0x0A { embeddedLF += 1 }
        }
        record.ends.append(record.bytes.count)
        openLineEnd = nil
        delimiters = 0
    }

    fileprivate func endRecord(_ c: Int32) {
        rowEnded = true
        if record.ends.isEmpty {  // a blank line
            if c == 0x0A { nextLine += 1 }
            return
        }
        record.line = nextLine
        nextLine += embeddedLF + 1
        embeddedLF = 0
        onRecord(&record)
        if checks.quotes && width == nil && !awaitingHeader {
            width = record.count
            csv_set_opts(parser, options)
        }
        record.reset()
    }
}

extension LibCSVParser: RecordParser {
    func end() {
        while failed == nil && isInsideQuotes {  // rule 3; a record too long was rejected before
            let replay = openLineEnd.map { Array(fed[$0...]) }
            reject(.unterminatedQuote, lines: replay == nil ? 0 : openLineFeeds + 1)
            guard let replay else { return }
            carry = replay
            feed(UnsafeBufferPointer(start: nil, count: 0))
        }
        if failed == nil { _ = finish() }
    }
}

private func libcsvField(_ p: UnsafeMutableRawPointer?, _ n: Int, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<LibCSVParser>.fromOpaque(ctx!).takeUnretainedValue().field(p, n)
}

private func libcsvRecord(_ c: Int32, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<LibCSVParser>.fromOpaque(ctx!).takeUnretainedValue().endRecord(c)
}
