import Foundation

/// Why a row is rejected, with what it found; the text (`description`) is made only where the row is listed (its
/// `RowIssue`, rejects.csv, stderr), so both ways of reading give the same case and the same words.
public enum RejectReason: Sendable, Equatable, CustomStringConvertible {
    /// `RecordChecks` rule 3 (no closing quote) or rule 2 (a quoted field whose line holds a whole row's delimiters).
    case unterminatedQuote
    /// `RecordChecks` rule 1: text after the closing quote of field `field` (from 1).
    case textAfterQuote(field: Int)
    /// `RecordChecks` rule 4: a record longer than `maxBytes` decoded bytes.
    case tooLong(maxBytes: Int)
    /// Not the header's number of fields.
    case fieldCount(expected: Int, found: Int)
    /// A status the profile (or the default OK/CANCELED/PENDING set) does not know, upper-cased.
    case unknownStatus(String)
    /// The amount column, as written, and why it is no amount.
    case amount(Amount.Failure, text: String)
    /// A date column that holds text which is no date of the profile's format.
    case unparsedDate(DateColumn, text: String)
    /// No invoice date, booking date or period (nor a period of the profile).
    case noDate
    case noSupplier
    /// An amount in `currency`, not the ledger's, and no rate to convert it.
    case noExchangeRate(currency: String)

    /// Five digits from 20000 to 79999 (1954–2119 as Excel's day numbers), perhaps with a fraction (the time):
    /// what a spreadsheet writes for a date cell it exported as a number (Gateshead's `42341.42936`).
    static func looksLikeExcelDay(_ text: String) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let day = parts.first, day.count == 5, day.allSatisfy({ ("0"..."9").contains($0) }), let n = Int(day),
            (20000..<80000).contains(n)
        else { return false }
        return parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy { ("0"..."9").contains($0) })
    }

    /// The date format that reads `text` (`08/01/2019`: `DD/MM/YYYY`), when one does: a profile that names another.
    static func dateFormat(readingAlike text: String) -> DateFormat? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let candidates: [DateFormat] = [.dmySlash, .dmyDot, .dmyShort, .ymdSlash, .dayMonthName]
        return candidates.first { DateFormat.parse(t, format: $0) != nil }
    }

    /// The date columns a row is rejected for.
    public enum DateColumn: String, Sendable {
        case invoiceDate = "invoice date", bookingDate = "booking date", period
    }

    /// The reason as listed; a value it quotes is masked as every output masks a personnummer (a shifted column can
    /// put one in the amount or date field).
    public var description: String {
        let quoted = PersonalData.masked
        switch self {
        case .unterminatedQuote: return "unterminated quoted field"
        case .textAfterQuote(let field): return "text after closing quote in field \(field)"
        case .tooLong(let maxBytes): return "record longer than \(ReadLimits.describe(maxBytes))"
        case .fieldCount(let expected, let found): return "expected \(expected) fields, found \(found)"
        case .unknownStatus(let s): return "unknown status '\(quoted(s))'"
        case .amount(let failure, let text): return "\(failure): '\(quoted(text))'"
        case .unparsedDate(let column, let text):
            var hint = ""
            if column != .period {
                if RejectReason.looksLikeExcelDay(text) {
                    hint = " (an Excel day number? [format] date_format = \"EXCEL\" reads it)"
                } else if let f = RejectReason.dateFormat(readingAlike: text) {
                    hint = " ([format] date_format = \"\(f.rawValue)\" reads it, if that is how the file writes dates)"
                }
            }
            return "\(column.rawValue) does not parse: '\(quoted(text))'\(hint)"
        case .noDate: return "no date or period"
        case .noSupplier: return "no supplier name or id"
        case .noExchangeRate(let currency): return "amount in \(quoted(currency)) and no exchange rate for it"
        }
    }
}
