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

    /// Rule 4's problem.
    public var tooLong: ScanProblem { .tooLong(maxBytes: maxBytes) }
    /// Rule 2's number of delimiters in one line of a quoted field.
    public static func threshold(width: Int) -> Int { max(1, width - 1) }
}
