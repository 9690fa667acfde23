/// The delimiter of a CSV export, sniffed from its first lines.
public struct Dialect: Sendable, Equatable {
    public var delimiter: UInt8

    public static let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]

    /// Picks the candidate that splits a line (the header) into the most fields while keeping the same count on
    /// the most lines from there on (quote-aware): the header need not be the first line (a report title or a
    /// preamble may stand above it). Ties go to the order `;` `,` TAB `|`, then to the earlier line.
    /// - Complexity: O(n) in the sample's length, and O(maxLines²) over the lines' counts.
    public static func sniff(_ sample: UnsafeBufferPointer<UInt8>, maxLines: Int = 100) -> Dialect? {
        var counts = [[Int]](repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lines = 0
        var sawContent = false
        for b in sample {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 0x0A {
                if sawContent {
                    for k in 0..<candidates.count { counts[k].append(current[k]) }
                    lines += 1
                }
                current = [Int](repeating: 0, count: candidates.count)
                sawContent = false
                if lines >= maxLines { break }
                continue
            }
            sawContent = true
            if let k = candidates.firstIndex(of: b) { current[k] += 1 }
        }
        if sawContent && lines < maxLines { for k in 0..<candidates.count { counts[k].append(current[k]) } }
        var best: (k: Int, consistent: Int, header: Int)?
        for k in 0..<candidates.count {
            var tried = Set<Int>()
            for (start, header) in counts[k].enumerated() where header > 0 && tried.insert(header).inserted {
                let consistent = counts[k][start...].filter { $0 == header }.count
                if let b = best, (consistent, header) <= (b.consistent, b.header) { continue }
                best = (k, consistent, header)
            }
        }
        return best.map { Dialect(delimiter: candidates[$0.k]) }
    }
}

/// What a parser checks in each record of an invoice export, the same in `CSVScanner` and `LibCSVParser`, so that a
/// stray quote or an endless line costs its own row, never the rows after it, and never unbounded memory.
///
/// After the header (whose number of fields is the `width`):
/// 1. **Text after a closing quote**: after a quoted field's closing quote and any blanks comes something other than
///    the delimiter, a line end or the end of the input (a quote after blanks counts as text; a quote right after the
///    closing one is a doubled quote). Reject "text after closing quote in field N".
/// 2. **A swallowed record**: a quoted field runs over a line end, and one of its later lines (from a line end inside
///    it to the next one or to its closing quote) holds at least `width − 1` delimiters (at least one), as many as a
///    whole record of its own. Reject "unterminated quoted field".
///
/// Always, the header too:
/// 3. **A quote that never closes** before the end of the input. Reject "unterminated quoted field".
/// 4. **A record longer than `maxBytes`**: its decoded text (UTF-8, a CRLF one byte), line ends inside quotes
///    included and its own last one not, blank lines alike. Reject "record longer than 1 MB" — unless 1 or 2 was
///    found at a byte before the record's byte number `maxBytes` (from 0), which then wins.
///
/// A row rejected by 1–3 spans from the record's first byte to the end of the line where the offending field's
/// opening quote stands; by 4, to the first line end at or after its byte `maxBytes`, read past without being kept.
/// Reading resumes on the next line, so the lines after it read as records of their own. The reject carries the
/// record's first line, and counts as a read row: counts reconcile as for any other reject.
public struct RecordChecks: Sendable {
    /// Rules 1 and 2, from the second record on (the first is the header).
    public var quotes: Bool
    /// Rule 4's limit; `Int.max` for none.
    public var maxBytes: Int

    public init(quotes: Bool, maxBytes: Int) {
        self.quotes = quotes
        self.maxBytes = max(1, maxBytes)
    }

    /// libcsv's grammar alone (the reference tables): rule 3 only, and only where the caller asks for it.
    public static let none = RecordChecks(quotes: false, maxBytes: .max)

    /// The checks on invoice exports, with the current `ReadLimits.maxRecordBytes`.
    public static var invoices: RecordChecks { RecordChecks(quotes: true, maxBytes: ReadLimits.maxRecordBytes) }

    /// Rule 4's reject.
    var tooLong: RejectReason { .tooLong(maxBytes: maxBytes) }
    /// Rule 2's number of delimiters in one line of a quoted field.
    static func threshold(width: Int) -> Int { max(1, width - 1) }
}

/// Limits on what one read may hold.
public enum ReadLimits {
    /// The longest record of an invoice export, in decoded bytes (1 MB). Tests lower it for what they run with
    /// `ReadLimits.$maxRecordBytes.withValue(…)`; readers take it when they start.
    @TaskLocal public static var maxRecordBytes = 1 << 20

    /// `n` bytes as people read it: "1 MB", "64 KB", "1000 bytes".
    static func describe(_ n: Int) -> String {
        if n % (1 << 20) == 0 { return "\(n >> 20) MB" }
        if n % (1 << 10) == 0 { return "\(n >> 10) KB" }
        return "\(n) bytes"
    }
}
