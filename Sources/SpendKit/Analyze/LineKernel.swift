/// The fast path of one worker: takes scanned records of one file and adds them up per subject.
///
/// A subject is a record's bytes in the columns its facts depend on (supplier, texts, account, cost centre, board,
/// buyer, contract reference, currency). The first record of each subject runs through the reference normaliser
/// and `Analyzer.facts`; later records only parse amount, dates, invoice number and voucher, look their subject up
/// by its bytes and add to dense per-(year, subject) sums that become `YearFigures` in `flush()`. A record the fast
/// checks do not accept (bad width, status, amount or date, foreign currency, no supplier) goes the reference way
/// whole, so rejects and exclusions read exactly as they do with `--parser libcsv`.
/// - Complexity: O(record length) per record; memory O(subjects), flushed every `maxSubjects`.
final class LineKernel {
    let analyzer: Analyzer
    let path: String
    let file: Int32
    private let normaliser: RowNormaliser
    var profileName: String { normaliser.profile.name }
    private let width: Int
    private let decimal: UInt8
    private let dateFormat: DateFormat?
    private let period: Day?
    private let yearByInvoice: Bool
    private let col: (status: Int, amount: Int, invoiceDate: Int, bookingDate: Int, period: Int, number: Int, voucher: Int)
    private let keyColumns: [Int]
    /// Lines of earlier files by duplicate key (nil: one file, no check); keys new in this file are collected.
    private let seen: [UInt64: Int32]?
    private(set) var newKeys: [UInt64] = []

    private(set) var books = RowBooks()

    private var subjects = SubjectTable()
    private var facts: [SubjectFacts?] = []
    /// What the hot loop needs of each subject's facts, without reference counting.
    private var hot: [Hot] = []
    private var candidates: [Int32] = []
    private let validFrom: [Day], validTo: [Day]
    private let currencyColumn: Int
    private var lastYear = Int.min, lastSlot = 0
    private var prefixes: [FNV64] = []
    private var dupPrefixes: [FNV64] = []
    private var dupSuffixes: [[UInt8]] = []
    private var tags: [UInt64] = []
    private var years: [YearSums] = []
    private var yearSlot: [Int: Int] = [:]
    private var raw = RawRecord()
    private var key = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var keyCapacity = 256
    static let maxSubjects = 1 << 16

    struct Hot {
        /// 0: the reference way for every record; 1: outside the category; 2: in it.
        var state: UInt8
        var candidates: Range<Int32>
        /// The contract the line's own reference names, checked by day; -1 when there is none to check.
        var refCheck: Int32
    }

    /// Sums of one year, dense by subject and by contract.
    struct YearSums {
        var year: Int
        var amount: [Int64] = [], off: [Int64] = [], lines: [Int32] = []
        var contractAmount: [Int64], contractLines: [Int32]
        var refAmount = [Int64](repeating: 0, count: 3), refLines = [Int32](repeating: 0, count: 3)
        var first: Day?, last: Day?
        var tally: InvoiceTally
    }

    init(analyzer: Analyzer, profile: Profile, columns: ColumnMap, width: Int, rates: CurrencyRates?, file: Int32, path: String,
         seen: [UInt64: Int32]?) {
        self.analyzer = analyzer
        self.path = path
        self.file = file
        self.width = width
        self.seen = seen
        normaliser = RowNormaliser(profile: profile, columns: columns, width: width, rates: rates)
        decimal = profile.decimal
        dateFormat = profile.dateFormat
        period = profile.period
        yearByInvoice = analyzer.settings.yearBy == .invoice
        col = (columns[.status] ?? -1, columns[.amount] ?? -1, columns[.invoiceDate] ?? -1, columns[.bookingDate] ?? -1,
               columns[.period] ?? -1, columns[.invoiceNumber] ?? -1, columns[.voucher] ?? -1)
        // Every field `RowNormaliser` reads that `Analyzer.facts` or the acceptance of a line can depend on.
        let subjectFields: [Field] = [.supplierID, .supplierName, .account, .accountText, .description, .costCentre, .board, .buyer,
                                      .contractRef, .currency, .category, .subcategory]
        keyColumns = subjectFields.compactMap { columns[$0] }
        currencyColumn = columns[.currency] ?? -1
        validFrom = analyzer.contracts.contracts.map(\.from)
        validTo = analyzer.contracts.contracts.map(\.to)
    }

    deinit { key.deallocate() }

    /// One record of the file (its line relative to where this worker started).
    @inline(__always) func process(_ r: CSVRecord) {
        guard r.count == width, let l = fastLine(r) else { return slow(r) }
        let s = subject(r)
        let h = hot[s]
        guard h.state != 0 else { return slow(r) }
        books.counts.read += 1
        if let seen {
            var k = dupPrefixes[s]
            k.field(l.number); k.field(l.voucher); k.add(dupSuffixes[s]); k.field(String(l.amount).utf8)
            if seen[k.value] != nil { books.counts.duplicates += 1; return }
            newKeys.append(k.value)
        }
        books.counts.accepted += 1
        let y = slot(l.year)
        years[y].amount[s] += l.amount
        years[y].lines[s] += 1
        guard h.state == 2 else { return }
        var contract = -1
        var c = h.candidates.lowerBound
        while c < h.candidates.upperBound {
            let i = Int(candidates[Int(c)])
            if validFrom[i] <= l.day && l.day <= validTo[i] { contract = i; break }
            c += 1
        }
        if contract >= 0 {
            years[y].contractAmount[contract] += l.amount
            years[y].contractLines[contract] += 1
        } else {
            years[y].off[s] += l.amount
        }
        if h.refCheck >= 0 {
            let i = Int(h.refCheck)
            let k = validFrom[i] <= l.day && l.day <= validTo[i] ? 0 : 1
            years[y].refAmount[k] += l.amount; years[y].refLines[k] += 1
        }
        if years[y].first.map({ l.day < $0 }) ?? true { years[y].first = l.day }
        if years[y].last.map({ l.day > $0 }) ?? true { years[y].last = l.day }
        years[y].tally.add(key: YearFigures.invoiceKey(prefixes[s], number: l.number, voucher: l.voucher), tag: tags[s])
    }

    /// A row's own values when the fast checks accept it; nil sends it the reference way.
    private struct Line {
        var amount: Int64
        var day: Day
        var year: Int
        var number: UnsafeBufferPointer<UInt8>
        var voucher: UnsafeBufferPointer<UInt8>
    }

    @inline(__always) private func fastLine(_ r: CSVRecord) -> Line? {
        if col.status >= 0 {
            let s = RawRecord.trimmed(r[col.status])
            guard s.count == 2, s[0] | 0x20 == UInt8(ascii: "o"), s[1] | 0x20 == UInt8(ascii: "k") else { return nil }
        }
        guard case .success(let amount) = Amount.parseOre(r[col.amount], decimal: decimal) else { return nil }
        func date(_ c: Int) -> Day?? {
            guard c >= 0, !RawRecord.trimmed(r[c]).isEmpty else { return .some(nil) }
            guard let d = DateFormat.parse(r[c], format: dateFormat) else { return nil }
            return d
        }
        guard let invoiceDate = date(col.invoiceDate), let bookingDate = date(col.bookingDate) else { return nil }
        var periodEnd = period
        if col.period >= 0 && !RawRecord.trimmed(r[col.period]).isEmpty {
            guard let d = DateFormat.parsePeriod(r[col.period]) else { return nil }
            periodEnd = d
        }
        guard let day = bookingDate ?? invoiceDate ?? periodEnd else { return nil }
        let year = yearByInvoice ? (invoiceDate ?? bookingDate ?? periodEnd!).year : day.year
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        return Line(amount: amount, day: day, year: year, number: col.number >= 0 ? RawRecord.trimmed(r[col.number]) : empty,
                    voucher: col.voucher >= 0 ? RawRecord.trimmed(r[col.voucher]) : empty)
    }

    /// The record's subject, found by its bytes or worked out from this record.
    @inline(__always) private func subject(_ r: CSVRecord) -> Int {
        var need = 0
        for c in keyColumns { need += r.spans[c].count + 5 }
        if need > keyCapacity {
            key.deallocate()
            keyCapacity = max(need, keyCapacity * 2)
            key = .allocate(capacity: keyCapacity)
        }
        var n = 0
        for c in keyColumns {
            let f = r.spans[c]
            if f.count < 255 {
                key[n] = UInt8(truncatingIfNeeded: f.count); n += 1
            } else {
                key[n] = 255
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.count)) { for (k, b) in $0.enumerated() { key[n + 1 + k] = b } }
                n += 5
            }
            (key + n).update(from: f.start, count: f.count)
            n += f.count
        }
        let bytes = UnsafeBufferPointer(start: key, count: n)
        let found = subjects.find(bytes)
        if found.index >= 0 { return found.index }
        if facts.count >= LineKernel.maxSubjects { flush() }
        let s = subjects.insert(bytes, hash: found.hash)
        var f: SubjectFacts?
        r.raw(into: &raw)
        if case .accepted(let l) = normaliser.normalise(raw, file: file), isSEK(r) {
            let facts = analyzer.facts(l)
            f = facts
            var p = FNV64(); p.add(facts.supplier.utf8)
            prefixes.append(p)
            var d = FNV64()
            if seen != nil { d.field((l.supplierID?.key ?? SupplierID.nameKey(l.supplierName)).utf8) }
            dupPrefixes.append(d)  // only read with several files
            dupSuffixes.append(seen == nil ? [] : Array(l.account.utf8) + [0x1F] + Array(l.costCentre.utf8) + [0x1F])
            tags.append(facts.inCategory ? analyzer.names.tag(supplier: facts.supplier, subcategory: facts.classification.subcategory, board: facts.board) : 0)
            let start = Int32(candidates.count)
            candidates += facts.candidates.map { Int32($0) }
            var refCheck: Int32 = -1
            if case .check(let i) = facts.reference { refCheck = Int32(i) }
            hot.append(Hot(state: facts.inCategory ? 2 : 1, candidates: start..<Int32(candidates.count), refCheck: refCheck))
        } else {
            prefixes.append(FNV64()); dupPrefixes.append(FNV64()); dupSuffixes.append([]); tags.append(0)
            hot.append(Hot(state: 0, candidates: 0..<0, refCheck: -1))
        }
        facts.append(f)
        for y in years.indices { years[y].grow(to: facts.count) }
        return s
    }

    /// Whether the record's amount is in kronor already: other currencies convert by the line's day, the reference way.
    private func isSEK(_ r: CSVRecord) -> Bool {
        guard currencyColumn >= 0 else { return true }
        let c = String(decoding: RawRecord.trimmed(r[currencyColumn]), as: UTF8.self).uppercased()
        return c.isEmpty || c == "SEK"
    }

    @inline(__always) private func slot(_ year: Int) -> Int {
        if year == lastYear { return lastSlot }
        lastYear = year
        if let y = yearSlot[year] { lastSlot = y; return y }
        let contracts = analyzer.contracts.contracts.count
        var sums = YearSums(year: year, contractAmount: .init(repeating: 0, count: contracts), contractLines: .init(repeating: 0, count: contracts),
                            tally: InvoiceTally(names: analyzer.names))
        sums.grow(to: facts.count)
        years.append(sums)
        yearSlot[year] = years.count - 1
        lastSlot = years.count - 1
        return lastSlot
    }

    /// The reference way for one record: normalise, then book it as `Ingestor` does.
    private func slow(_ r: CSVRecord) {
        r.raw(into: &raw)
        let outcome = normaliser.normalise(raw, file: file)
        let l = books.book(outcome, path: path, line: r.line) { l in
            guard let seen else { return false }
            let k = Ingestor.duplicateKey(l)
            if seen[k] != nil { return true }
            newKeys.append(k)
            return false
        }
        if let l { analyzer.add(l) }
    }

    /// A row whose quoted field never closes.
    func reject(line: Int, reason: String) {
        _ = books.book(.rejected(reason), path: path, line: line) { _ in false }
    }

    /// Makes the lines of rejects absolute, for a worker that started counting at 1 mid-file.
    func shiftLines(by offset: Int) { books.shiftLines(by: offset) }

    /// Adds the sums to the analyzer's `YearFigures` and starts afresh.
    func flush() {
        let register = analyzer.contracts.contracts
        for y in years {
            var fig = YearFigures(names: analyzer.names)
            for s in facts.indices where y.lines[s] > 0 {
                guard let f = facts[s] else { continue }
                fig.record(f, amount: y.amount[s], off: y.off[s], lines: Int(y.lines[s]))
                switch f.reference {
                case .unknown: fig.contractRefs["unknown", default: 0] += y.amount[s]
                case .otherSupplier: fig.contractRefs["other supplier", default: 0] += y.amount[s]
                default: break
                }
            }
            for i in register.indices where y.contractLines[i] > 0 { fig.contractSpend[register[i].id, default: 0] += y.contractAmount[i] }
            for (k, name) in ["ok", "expired"].enumerated() where y.refLines[k] > 0 { fig.contractRefs[name, default: 0] += y.refAmount[k] }
            fig.firstDay = y.first
            fig.lastDay = y.last
            fig.invoices = y.tally
            analyzer.merge(year: y.year, fig)
        }
        years.removeAll()
        yearSlot.removeAll()
        lastYear = .min
        subjects = SubjectTable()
        facts.removeAll(); prefixes.removeAll(); dupPrefixes.removeAll(); dupSuffixes.removeAll(); tags.removeAll()
        hot.removeAll(); candidates.removeAll()
    }
}

extension LineKernel.YearSums {
    mutating func grow(to n: Int) {
        let more = n - amount.count
        guard more > 0 else { return }
        amount += repeatElement(0, count: more); off += repeatElement(0, count: more); lines += repeatElement(0, count: more)
    }
}
