/// Rows that lay a report out rather than record a purchase (SPEC §3.2): blank rows, and totals rows whose first
/// non-empty cell is a totals label and that carry no supplier id, date or invoice number. They are excluded with a
/// reason, never counted as spend, never as rejects.
enum LayoutRow {
    /// Labels a totals row starts with, folded to lower case; a label may go on ("Total for March", "Summa:").
    static let labels: [[UInt8]] = [
        "grand total", "totalt", "totals", "total", "totalsumma", "slutsumma", "summa", "sum", "subtotal",
        "sub-total", "sub total", "delsumma",
    ].map { Array($0.utf8) }

    /// Why the row is a layout row, or nil. `carries` tells whether the row has a supplier id, a date or an invoice
    /// number; it is asked only of a row whose first non-empty cell is a totals label.
    static func reason(_ r: RawRecord, carries: @autoclosure () -> Bool) -> String? {
        var first: Range<Int>?
        r.bytes.withUnsafeBufferPointer { b in
            for i in 0..<r.count {
                let t = RawRecord.trimmed(b, r.range(i))
                if !t.isEmpty { first = t; break }
            }
        }
        guard let first else { return "blank row" }
        let isTotals = r.bytes.withUnsafeBufferPointer { isTotalsLabel(UnsafeBufferPointer(rebasing: $0[first])) }
        guard isTotals, !carries() else { return nil }
        // masked before it is cut, so no part of a number is left behind
        let label = PersonalData.masked(String(decoding: r.bytes[first], as: UTF8.self))
        return "totals row '\(String(decoding: label.utf8.prefix(40), as: UTF8.self))'"
    }

    /// Whether the first non-empty cell of a scanned record is a totals label; the fast path sends such rows the
    /// reference way.
    @inline(__always) static func startsWithTotals(_ r: CSVRecord) -> Bool {
        for i in 0..<r.count {
            let t = RawRecord.trimmed(r[i])
            if !t.isEmpty { return isTotalsLabel(t) }
        }
        return false
    }

    /// Whether a cell's text is a totals label.
    static func isTotalsLabel(_ cell: String) -> Bool {
        var c = cell
        return c.withUTF8 { isTotalsLabel($0) }
    }

    /// `Total`, `TOTALT`, `Grand Total:`, `Summa mars`: a label, then nothing or a non-letter.
    static func isTotalsLabel(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        for label in labels where cell.count >= label.count {
            var same = true
            for (k, c) in label.enumerated() {
                let b = cell[k]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != c { same = false; break }
            }
            guard same else { continue }
            if cell.count == label.count { return true }
            let next = cell[label.count]
            let letter = (next | 0x20) >= 0x61 && (next | 0x20) <= 0x7A || next >= 0x80
            if !letter { return true }
        }
        return false
    }
}
