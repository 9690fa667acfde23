/// The duplicate check across overlapping dumps (SPEC §4): the key of every line of the earlier files, with where
/// that line stands, so a dropped line names the line it repeats in `duplicates.csv`.
///
/// A line's key is its supplier, invoice number, voucher, account, cost centre and amount; a line with neither
/// invoice number nor voucher also keys by its description and dates. Lines of one file that still share a key
/// cannot be told apart, and a later dump holding them would lose genuine lines: such files get a warning.
final class DuplicateCheck: @unchecked Sendable {  // inserts happen between files only, lookups from kernels' threads
    let keys = KeySet()
    private(set) var files: [String] = []
    /// Per file whose lines repeat each other's key: the first such line, how many, and the line it repeats
    /// (`InputNotes` words them).
    private(set) var repeating: [InputNotes.Repeating] = []

    /// `file:line` of the earlier line with key `k`, when there is one.
    @inline(__always) func original(_ k: UInt64) -> UInt64? { keys.value(k) }

    /// The text of an `original` position.
    func position(_ v: UInt64) -> String { "\(files[Int(v >> 40)]):\(v & (1 << 40 - 1))" }

    /// The reason a duplicate is listed with.
    func reason(_ v: UInt64) -> String { "repeats \(position(v))" }

    /// Records a file's new keys (each with its line) once the file is read; `noting` its repeats (not for an earlier
    /// shard's file, whose own part notes them).
    func add(file path: String, keys new: [(key: UInt64, line: Int)], lineShift: Int = 0, noting: Bool = true) {
        let index = UInt64(files.count)
        files.append(path)
        var repeats = 0
        var example: (Int, UInt64)?
        for (k, line) in new {
            let v = index << 40 | UInt64(line + lineShift)
            if !keys.insert(k, value: v) {
                repeats += 1
                if example == nil { example = (line + lineShift, keys.value(k)!) }
            }
        }
        if noting, let (line, first) = example {
            repeating.append(
                InputNotes.Repeating(path: path, line: line, repeats: repeats, first: Int(first & (1 << 40 - 1))))
        }
    }

    /// The key of a normalised line; the fast path builds the same hash from the record's bytes. It holds the line's
    /// day (the booking date, else the invoice date, else the period's end): a ledger that numbers its transactions
    /// anew, or books one invoice number again months later, repeats the rest of a line but not its day (Gateshead's
    /// payments, the Government Property Agency's rates), where a re-export repeats it too. The day alone, not each
    /// date, so that two exports of one ledger that differ in a date column still meet.
    static func key(_ l: InvoiceLine) -> UInt64 {
        var h = FNV64()
        h.field((l.identityID?.key ?? SupplierID.nameKey(l.supplierName)).utf8)
        h.field(l.invoiceNumber.utf8); h.field(l.voucher.utf8); h.field(l.account.utf8); h.field(l.costCentre.utf8)
        h.field(decimal: l.amount)
        h.field(decimal: Int64(l.date?.value ?? 0))
        if l.invoiceNumber.isEmpty && l.voucher.isEmpty {
            h.field(l.description.utf8)
            h.dates(l.bookingDate, l.invoiceDate, l.periodEnd)
        }
        return h.value
    }
}

extension FNV64 {
    /// The three dates of a line without invoice number and voucher, in the duplicate key.
    @inline(__always) mutating func dates(_ booking: Day?, _ invoice: Day?, _ period: Day?) {
        field(decimal: Int64(booking?.value ?? 0)); field(decimal: Int64(invoice?.value ?? 0));
        field(decimal: Int64(period?.value ?? 0))
    }
}
