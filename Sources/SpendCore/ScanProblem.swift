/// Why `CSVScanner` rejects a record (`RecordChecks` rules 1–4), without the words: SpendKit makes its
/// `RejectReason` of it, so the scanner needs nothing above it.
public enum ScanProblem: Sendable, Equatable {
    /// Rule 3 (no closing quote) or rule 2 (a quoted field whose line holds a whole row's delimiters).
    case unterminatedQuote
    /// Rule 1: text after the closing quote of field `field` (from 1).
    case textAfterQuote(field: Int)
    /// Rule 4: a record longer than `maxBytes` decoded bytes.
    case tooLong(maxBytes: Int)
}
