/// The delimiter of a CSV export, sniffed from its first lines.
public struct Dialect: Sendable, Equatable {
    public var delimiter: UInt8

    public static let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]

    /// Picks the candidate that splits a line (the header) into the most fields while keeping the same count on
    /// the most lines from there on (quote-aware): the header need not be the first line (a report title or a
    /// preamble may stand above it). Ties go to the order `;` `,` TAB `|`, then to the earlier line. Lines end at a LF,
    /// a CR or a CRLF, so the raw bytes of a CR-only file sniff as their decoded text does.
    /// - Complexity: O(n) in the sample's length, and O(maxLines²) over the lines' counts.
    public static func sniff(_ sample: UnsafeBufferPointer<UInt8>, maxLines: Int = 100) -> Dialect? {
        var counts = [[Int]](repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lines = 0
        var sawContent = false
        var afterCR = false
        for b in sample {
            // A CR ends a line as the transcoder reads it (CRLF one end): raw and decoded text sniff alike.
            defer { afterCR = b == 0x0D }
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 0x0A && afterCR { continue }
            if b == 0x0A || b == 0x0D {
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

/// The checks of invoice exports and their rejects, on `RecordChecks` (SpendCore), which knows neither.
extension RecordChecks {
    /// The checks on invoice exports, with the current `ReadLimits.maxRecordBytes`.
    public static var invoices: RecordChecks { RecordChecks(quotes: true, maxBytes: ReadLimits.maxRecordBytes) }

    /// Rule 4's reject.
    var tooLongReject: RejectReason { RejectReason(tooLong) }
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
