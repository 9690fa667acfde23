import Foundation

/// Rows that lay a report out rather than record a purchase (SPEC §3.2): blank rows, totals rows whose first
/// non-empty cell is a totals label and that carry no supplier id, date or invoice number, and section titles. They
/// are excluded with a reason, never counted as spend, never as rejects.
enum LayoutRow {
    /// Labels a totals row starts with, folded to lower case; a label may go on ("Total for March", "Summa:").
    static let labels: [[UInt8]] = [
        "grand total", "totalt", "totals", "total", "totalsumma", "totalbelopp", "slutsumma", "summa", "sum",
        "subtotal", "sub-total", "sub total", "delsumma", "s:a totalt", "s:a", "page total", "net total",
        "overall total", "report total", "gross total", "period total", "month total", "year total", "sida totalt",
    ].map { Array($0.utf8) }

    /// Why the row is a layout row, or nil. `carries` tells whether the row has a supplier id or an invoice number,
    /// `dated` whether it has a date; they are asked only of a row whose first non-empty cell is a totals label,
    /// which counts when it carries either, or whose supplier `name` is a totals label alone (`Grand Total`, which
    /// counts only with an id or an invoice number: no supplier is so named, and `namedWarning` says so). A row of the file's `width`
    /// whose only non-empty cell is words without a digit, outside the `amount` column, is a section title
    /// (Gateshead's `Prepaid cards,,,,,,,,` between two parts of one export).
    static func reason(
        _ r: RawRecord, width: Int, amount: Int?, name: Int?, carries: @autoclosure () -> Bool,
        dated: @autoclosure () -> Bool
    ) -> String? {
        var first: Range<Int>?, firstColumn = 0, others = false
        r.bytes.withUnsafeBufferPointer { b in
            for i in 0..<r.count {
                let t = RawRecord.trimmed(b, r.range(i))
                if t.isEmpty { continue }
                if first == nil { first = t; firstColumn = i } else { others = true; break }
            }
        }
        guard let first else { return "blank row" }
        let isTotals = r.bytes.withUnsafeBufferPointer { isTotalsLabel(UnsafeBufferPointer(rebasing: $0[first])) }
        if !isTotals && !others && r.count == width && width >= 3 && firstColumn != amount
            && r.bytes[first].contains(where: isLetter) && !r.bytes[first].contains(where: { $0 &- 0x30 < 10 })
        {
            return "section title '\(cut(r, first))'"
        }
        // A bare label as the supplier's name, wherever that column stands (`;;2023-01-31;Totalt;…`), dated or not.
        if let name, name < r.count, case let cell = r.bytes.withUnsafeBufferPointer({ RawRecord.trimmed($0, r.range(name)) }),
            !cell.isEmpty, r.bytes.withUnsafeBufferPointer({ label(UnsafeBufferPointer(rebasing: $0[cell])) }) == .bare,
            !carries()
        {
            return dated() ? "\(namedTotals)'\(cut(r, cell))'" : "totals row '\(cut(r, cell))'"
        }
        guard isTotals, !carries(), !dated() else { return nil }
        return "totals row '\(cut(r, first))'"
    }

    /// The reason of a dated row whose supplier's name is a totals label alone (`Grand Total,,2019-01-31,…`).
    static let namedTotals = "totals row, dated, named "

    /// A warning when dated rows named only by a totals label were excluded: a supplier so named (`Total`, the oil
    /// company, in a ledger without ids) would have lost them.
    static func namedWarning(_ excluded: RowIssues) -> String? {
        guard let (count, example) = first(in: excluded, where: { $0.hasPrefix(namedTotals) }) else { return nil }
        return "\(example.file):\(example.line): \(count == 1 ? "a dated row was" : "\(count) dated rows were") excluded as "
            + "totals rows, the supplier's name being a totals label alone (\(example.reason.dropFirst(namedTotals.count))"
            + "\(count > 1 ? ", …" : "")): a supplier so named needs its id or invoice number on the row to count"
    }

    /// How many excluded rows have a reason `matching`, and the first of them (each also handed to `each`).
    private static func first(
        in excluded: RowIssues, where matching: (String) -> Bool, each: (RowIssue) -> Void = { _ in }
    ) -> (count: Int, example: RowIssue)? {
        var count = 0
        var example: RowIssue?
        for r in excluded where matching(r.reason) {
            count += 1
            if example == nil { example = r }
            each(r)
        }
        return example.map { (count, $0) }
    }

    /// A cell's first 40 bytes, masked before it is cut, so no part of a number is left behind.
    private static func cut(_ r: RawRecord, _ cell: Range<Int>) -> String {
        let label = PersonalData.masked(String(decoding: r.bytes[cell], as: UTF8.self))
        return String(decoding: label.utf8.prefix(40), as: UTF8.self)
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
    static func isTotalsLabel(_ cell: String) -> Bool { label(cell) != nil }

    /// `Total`, `TOTALT`, `Grand Total:`, `Summa mars`: a label, then nothing or a non-letter.
    static func isTotalsLabel(_ cell: UnsafeBufferPointer<UInt8>) -> Bool { label(cell) != nil }

    /// How a cell reads as a totals label: the label alone (then digits or signs: `Total 2022:`), or the label and
    /// other words (`Summa mars`, `Summa Atea Sverige AB` under a supplier's lines), which a supplier's name may also
    /// be (`Total Hygiene Ltd`): on a row with no id, date or invoice number the data cannot tell, and a subtotal
    /// counted would double its supplier, so such a row is excluded and a warning names it; nil when it is none.
    enum Label { case bare, worded }

    static func label(_ cell: UnsafeBufferPointer<UInt8>) -> Label? {
        // most cells (every new supplier name the kernel sees) start with a letter no label starts with
        guard let f = cell.first, case let l = f | 0x20, l &- 0x61 < 26, firstLetters >> (l &- 0x61) & 1 != 0 else {
            return nil
        }
        for label in labels where cell.count >= label.count {
            var same = true
            for (k, c) in label.enumerated() {
                let b = cell[k]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != c { same = false; break }
            }
            guard same else { continue }
            let rest = UnsafeBufferPointer(rebasing: cell[label.count...])
            guard let next = rest.first else { return .bare }
            if isLetter(next) { continue }  // `Totalförsvarets …`, `Summary`: a longer word
            return rest.contains(where: isLetter) ? .worded : .bare
        }
        return nil
    }

    /// The first letters of `labels`, a bit each from `a`.
    private static let firstLetters: UInt32 = labels.reduce(0) { $0 | 1 << UInt32($1[0] - 0x61) }

    static func label(_ cell: String) -> Label? {
        var c = cell
        return c.withUTF8 { label($0) }
    }

    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x80
    }

    /// A warning when rows were excluded as totals rows whose label goes on with words (`excluded.csv`'s
    /// `totals row '…'`): the data cannot tell such a row from a supplier whose name starts with a totals word.
    /// The layout rows' warnings for a run's excluded rows: worded totals labels, headers mid-file.
    static func warnings(_ excluded: RowIssues) -> [String] {
        [wordedWarning(excluded), namedWarning(excluded), joinedWarning(excluded)].compactMap { $0 }
    }

    /// A warning when a file holds its header again below its rows (`repeated header` in excluded.csv): two exports
    /// joined into one file, whose overlap the duplicate check, which drops repeats across files, cannot see.
    static func joinedWarning(_ excluded: RowIssues) -> String? {
        var files = Set<String>()
        guard
            let (_, example) = first(in: excluded, where: { $0 == "repeated header" }, each: { files.insert($0.file) })
        else { return nil }
        let more = files.count > 1 ? " (and in \(Fmt.count(files.count - 1, "other file")))" : ""
        return "\(example.file):\(example.line): the header again below rows\(more), as when two exports are joined into one "
            + "file: a line that stands in both is counted twice, since only a line repeated in another file is a "
            + "duplicate (SPEC §4); give each export as a file of its own"
    }

    static func wordedWarning(_ excluded: RowIssues) -> String? {
        let prefix = "totals row '"
        guard
            let (count, example) = first(in: excluded, where: {
                $0.hasPrefix(prefix) && $0.hasSuffix("'") && Self.label(String($0.dropFirst(prefix.count).dropLast())) == .worded
            })
        else { return nil }
        let shown = example.reason.dropFirst(prefix.count - 1)
        return "\(example.file):\(example.line): \(count == 1 ? "a row was" : "\(count) rows were") excluded as totals rows "
            + "whose label goes on with words (\(shown)\(count > 1 ? ", …" : "")): a supplier whose name starts so "
            + "(Total Hygiene Ltd), on a row without an id, a date or an invoice number, cannot be told from a subtotal "
            + "(Summa Atea Sverige AB). excluded.csv lists them; give the rows a supplier id, date or invoice number to count them"
    }
}
