/// The fast path of one worker: takes scanned records of one file and adds them up by what the figures report.
///
/// A record's rule comes from per-column work done once per distinct value (`ColumnCache`: the supplier id, the
/// name, the account with its text, each with its rule mask): the AND of the masks gives the candidate rules, and
/// only when the first of them looks at the description is the line's own description scanned (one automaton pass).
/// Its class is what the figures tell apart — supplier identity, name, rule, contract reference (the unclassified
/// spend by account is summed per line beside it) — and its place the board, the buyer and, only when unmapped, the cost centre. Dense
/// per-(year, class) and per-(year, classification, place) sums become `YearFigures` in `flush()`. While most records repeat an earlier
/// combination of those columns, the combination is looked up by its bytes first (`whats`), which saves the
/// per-column lookups; on ledgers where it rarely repeats, the kernel stops looking (`bypass`).
/// A record the fast checks do not accept (bad width, status, amount or date, foreign currency, no supplier, a
/// possible totals row) goes the reference way whole, so rejects and exclusions read exactly as with `--parser libcsv`.
/// - Complexity: O(record length) per record, whatever the number of distinct combinations; memory O(distinct
///   values and classes), flushed at `limit`.
final class LineKernel: RecordSink {
    let analyzer: Analyzer
    let path: String
    let file: Int32
    let normaliser: RowNormaliser
    var profileName: String { normaliser.profile.name }
    let width: Int
    private let decimal: UInt8, separatorIsAmbiguous: Bool
    private let currency: Currency
    private let dateFormat: DateFormat?
    /// Whether the dates' format reads `YYYY-MM-DD` (`DateFormat.iso` answers those without `parse`).
    private let isoDates: Bool
    private let period: Day?
    private let yearByInvoice: Bool
    let col:
        (
            status: Int, amount: Int, invoiceDate: Int, bookingDate: Int, period: Int, number: Int, voucher: Int,
            contractRef: Int, category: Int, subcategory: Int
        )
    /// The columns of the first part of a subject, and of its place.
    let whatColumns: [Int], placeColumns: [Int]
    let currencyColumn: Int, descriptionColumn: Int, nameColumn: Int
    /// The ledger's currency code in upper case (a line in another goes the reference way), and whether an
    /// exclusion or a custom status decides on rows (then the normaliser looks at each new first part).
    let currencyCode: [UInt8], decides: Bool
    /// Each distinct value of the columns a first part is made of, worked out once.
    let columns: ColumnCache
    /// Duplicate keys of earlier files' lines (nil: one file, no check); keys new in this file are collected.
    let seen: DuplicateCheck?
    private(set) var newKeys: [(key: UInt64, line: Int)] = []
    /// What `shiftLines` added to this worker's lines, for `newKeys`.
    private(set) var lineShift = 0

    private(set) var books = RowBooks()

    /// First parts by bytes (every column a line's facts depend on but its description), how each is classed.
    let whats = SubjectTable()
    var whatEntries: [WhatEntry] = []
    /// Text rules of kept first parts (up to `keptRules`), then those of the record being worked out.
    var textRules: [Int32] = [], keptRules = 0
    /// Classes by what they are made of.
    var classTable = TripleTable()
    /// First parts looked up and not found, while deciding whether looking them up pays (`bypass`).
    var lookups = 0, misses = 0, bypass = false
    /// First parts looked up before deciding; small in tests, to exercise both ways.
    var bypassProbe = LineKernel.bypassProbe
    static let bypassProbe = 1 << 15
    /// Scratch for a description's folded bytes and the automaton's hits in it.
    var folded = [UInt8](repeating: 0, count: 256), hits: [Int32] = []
    /// Classes (a first part under one rule): what they are by ids, and what the hot loop needs of them.
    var classes: [ClassInfo] = []
    /// Classifications as the figures report them: per rule (the last for unclassified lines) or per export value.
    var cats: [CatInfo] = [], catIndex: [Classification: Int32] = [:], catOfRule: [Int32], catOfExport: [Int32] = []
    /// Per contract reference value: the contract it names (-1: none, -2: not looked up yet).
    var refContract: [Int32] = []
    var hot: [Hot] = []
    var candidates: [Int32] = []
    /// Duplicate-key parts (read only with several files): supplier, and account with its separator.
    var dupPrefixes: [FNV64] = []
    /// Places by bytes, each with its class (what the figures tell apart) and cost centre for the duplicate key.
    let placeBytes = SubjectTable()
    var placeClass: [Int32] = [], dupCostCentres: [[UInt8]] = []
    var classIndex: [Place: Int32] = [:]
    var places: [Place] = []
    /// Cells: (classification, place class) pairs, with the invoice tally's cell of each.
    var cellTable = TripleTable()
    var cellKeys: [(cat: Int32, place: Int32)] = [], cellTally: [UInt32] = []
    var full = false

    private let validFrom: [Day], validTo: [Day]
    private var lastYear = Int.min, lastSlot = 0
    var years: [YearSums] = []
    /// Per year of `Day.years`, its index in `years` (-1: none yet).
    private var yearSlot = [Int32](repeating: -1, count: Day.years.count)
    var raw = RawRecord()
    /// Records held back (`process`): their spans, `width` each (room made when prefetching starts), their lines
    /// and offsets, and which of their keys were made ahead.
    var batchSpans: UnsafeMutablePointer<FieldSpan>?
    var batchPlaces = [(line: Int, offset: Int)](repeating: (0, 0), count: LineKernel.batchSize)
    var batchHints = [Hint](repeating: Hint(), count: LineKernel.batchSize)
    var batched = 0
    /// Whether records are batched and their lookups prefetched: set for good once a table outgrows `prefetchFrom`.
    var prefetching = false {
        didSet {
            if prefetching && batchSpans == nil { batchSpans = .allocate(capacity: LineKernel.batchSize * width) }
        }
    }
    /// First parts (or places) from which prefetching pays; small in tests (0: from the first record).
    var prefetchFrom = LineKernel.prefetchFrom {
        didSet { prefetching = prefetching || prefetchFrom == 0 }
    }
    /// The SQLite output's lines, when the run writes it (`record(into:)`).
    var sqlite: KernelRows?
    static let maxSubjects = 1 << 15
    /// First parts, classes, places or cells kept before the sums are flushed.
    var limit = LineKernel.maxSubjects
    /// Flushes so far, for the tests.
    var flushes = 0

    /// Whether a subject's lines count in the category's figures or only in the totals and coverage.
    enum State: UInt8 { case outsideCategory, inCategory }

    /// What a line needs of its class, in one place (32 bytes: one cache line, or two for every other class), not in
    /// three arrays.
    struct Hot {
        var state: State
        /// Whether the class's lines are unclassified spend the figures show by account (`YearSums.bookAccount`).
        var byAccount: Bool
        var candidates: Range<Int32>
        /// The contract the line's own reference names, checked by day; -1 when there is none to check.
        var refCheck: Int32
        /// The class's classification (in `cats`) and supplier (its id in the run's supplier pool).
        var cat: Int32, supplier: UInt32
        /// The invoice key's start: the supplier's identity hashed.
        var prefix: FNV64
    }

    /// A place as the figures see it: the cost centre only when no board was found for it.
    struct Place: Hashable {
        var board: String
        var mapped: Bool
        var costCentre: String
        var buyer: String
    }

    /// What the figures need of a class besides its `Hot` part: the name's id in the run's pool (`namedName` is
    /// `.max` for an empty name) and what its reference says.
    struct ClassInfo {
        var name: UInt32, namedName: UInt32
        var reference: ContractReference
    }

    /// A classification: as the rules gave it (`rules`), as the figures report it, and the subcategory's pool id.
    struct CatInfo {
        var rules: Classification
        var classification: Classification
        var inCategory: Bool, coverage: Bool, unclassified: Bool
        var sub: UInt32
    }

    init(
        analyzer: Analyzer, profile: Profile, columns: ColumnMap, width: Int, rates: CurrencyRates?, file: Int32,
        path: String,
        seen: DuplicateCheck?
    ) {
        self.analyzer = analyzer
        self.path = path
        self.file = file
        self.width = width
        self.seen = seen
        normaliser = RowNormaliser(profile: profile, columns: columns, width: width, rates: rates)
        decimal = profile.decimal
        separatorIsAmbiguous = profile.separatorIsAmbiguous
        currency = profile.currency
        dateFormat = profile.dateFormat
        isoDates = DateFormat.readsISO(profile.dateFormat)
        period = profile.period
        yearByInvoice = analyzer.settings.yearBy == .invoice
        col = (
            columns[.status] ?? -1, columns[.amount] ?? -1, columns[.invoiceDate] ?? -1, columns[.bookingDate] ?? -1,
            columns[.period] ?? -1, columns[.invoiceNumber] ?? -1, columns[.voucher] ?? -1,
            columns[.contractRef] ?? -1, columns[.category] ?? -1, columns[.subcategory] ?? -1
        )
        // The fields a line's facts depend on (`Field.Role`), but the description, which `textClass` reads line by line.
        whatColumns = Field.with(.subject).compactMap { columns[$0] } + columns.decidingColumns  // an exclusion's or a custom status's column decides too
        placeColumns = Field.with(.place).compactMap { columns[$0] }
        currencyColumn = columns[.currency] ?? -1
        descriptionColumn = columns[.description] ?? -1
        nameColumn = columns[.supplierName] ?? -1
        currencyCode = Array(profile.currency.code.uppercased().utf8)
        decides = !columns.decidingColumns.isEmpty || profile.status != nil
        self.columns = ColumnCache(
            classifier: analyzer.classifier, columns: columns, profile: profile, pools: analyzer.names,
            register: analyzer.contracts)
        catOfRule = [Int32](repeating: -1, count: (analyzer.classifier?.table.rules.count ?? 0) + 1)
        validFrom = analyzer.contracts.contracts.map(\.from)
        validTo = analyzer.contracts.contracts.map(\.to)
    }

    /// One record, with the hashes its batch worked out (`LineKernel+Batch`).
    @inline(__always) func processOne(_ r: CSVRecord, _ hint: Hint) {
        guard r.count == width, let l = fastLine(r) else { return slow(r) }
        if full { flush() }
        let a: Int
        let e = entry(r, hint)
        switch e.fixed {
        case -2: return slow(r)
        case -1: a = textClass(e, r)
        case let c: a = Int(c)
        }
        let h = hot[a]
        let b = place(r, hint)
        let cell = self.cell(cat: h.cat, b)
        books.counts.read += 1
        if let seen {
            var k = dupPrefixes[a]
            k.field(l.number); k.field(l.voucher); k.add(columns.accountDup[Int(e.account)]); k.add(dupCostCentres[b]);
            k.field(decimal: l.amount)
            k.field(decimal: Int64(l.day.value))
            if l.number.isEmpty && l.voucher.isEmpty {
                addDescription(r, to: &k); k.dates(l.booking, l.invoice, l.periodEnd)
            }
            if let v = seen.original(k.value) {
                books.counts.duplicates += 1
                books.duplicates.append(RowIssue(file: path, line: r.line, reason: seen.reason(v)))
                return
            }
            newKeys.append((k.value, r.line))
        }
        books.counts.accepted += 1
        sqlite?.line(
            r, year: l.year, day: l.day, booking: l.booking, invoice: l.invoice, amount: l.amount, number: l.number,
            voucher: l.voucher,
            what: e, class: a, place: b)
        // `years` holds the year's sums for the whole line: borrowed, not retained and released per line.
        Unmanaged.passUnretained(years[slot(l.year)])._withUnsafeGuaranteedRef { y in
            y.touched = true
            y.ensure(class: a, cell: cell)
            y.book(class: a, cell: cell, l.amount)
            if h.byAccount { y.bookAccount(Int(e.account), l.amount) }
            guard h.state == .inCategory else { return }
            y.add(y.months, Int((yearByInvoice ? l.invoice ?? l.day : l.day).month) - 1, l.amount)
            var contract = -1
            var c = h.candidates.lowerBound
            while c < h.candidates.upperBound {
                let i = Int(candidates[Int(c)])
                if validFrom[i] <= l.day && l.day <= validTo[i] { contract = i; break }
                c += 1
            }
            if contract >= 0 {
                y.add(y.contractAmount, contract, l.amount)
                y.contractLines.increment(contract)
            } else {
                y.bookOff(class: a, cell: cell, l.amount)
            }
            if h.refCheck >= 0 {
                let i = Int(h.refCheck)
                let k = validFrom[i] <= l.day && l.day <= validTo[i] ? 0 : 1
                y.add(y.refAmount, k, l.amount)
                y.refLines.increment(k)
            }
            if y.first.map({ l.day < $0 }) ?? true { y.first = l.day }
            if y.last.map({ l.day > $0 }) ?? true { y.last = l.day }
            y.tally.add(
                key: YearFigures.invoiceKey(h.prefix, number: l.number, voucher: l.voucher),
                tag: InvoiceTally.tag(supplier: h.supplier, cell: cellTally[cell]))
        }
    }

    /// Lets go of every subject, the value caches and the years' sums after the last flush, so the merge of the books
    /// does not sit beside them.
    func release() {
        forgetSubjects(all: true)
        years.removeAll()
        yearSlot = [Int32](repeating: -1, count: Day.years.count)
        lastYear = .min
    }

    /// A row's own values when the fast checks accept it; nil sends it the reference way.
    private struct Line {
        var amount: Int64
        var day: Day
        var year: Int
        var number: UnsafeBufferPointer<UInt8>
        var voucher: UnsafeBufferPointer<UInt8>
        var booking: Day?, invoice: Day?, periodEnd: Day?
    }

    @inline(__always) private func fastLine(_ r: CSVRecord) -> Line? {
        if col.status >= 0 {
            let s = RawRecord.trimmed(r[col.status])
            guard s.count == 2, s[0] | 0x20 == UInt8(ascii: "o"), s[1] | 0x20 == UInt8(ascii: "k") else { return nil }
        }
        guard case .success(let amount) = Amount.parseOre(
                r[col.amount], decimal: decimal, currency: currency, separatorIsAmbiguous: separatorIsAmbiguous)
        else {
            return nil
        }
        @inline(__always) func date(_ c: Int) -> Day?? {
            if c >= 0 && isoDates, case let f = r[c], f.count == 10, let d = DateFormat.iso(f.baseAddress!) { return d }
            return otherDate(c)
        }
        @inline(never) func otherDate(_ c: Int) -> Day?? {
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
        // A row dated only by the profile's period, with no invoice number, may be a totals row: the reference way.
        if bookingDate == nil && invoiceDate == nil
            && (col.number < 0 || RawRecord.trimmed(r[col.number]).isEmpty
                || LayoutRow.isTotalsLabel(RawRecord.trimmed(r[col.number])))
            && LayoutRow.startsWithTotals(r)
        {
            return nil
        }
        let year = yearByInvoice ? (invoiceDate ?? bookingDate ?? periodEnd!).year : day.year
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        return Line(
            amount: amount, day: day, year: year, number: col.number >= 0 ? RawRecord.trimmed(r[col.number]) : empty,
            voucher: col.voucher >= 0 ? RawRecord.trimmed(r[col.voucher]) : empty,
            booking: bookingDate, invoice: invoiceDate, periodEnd: periodEnd)
    }

    @inline(__always) private func slot(_ year: Int) -> Int {
        if year == lastYear { return lastSlot }
        lastYear = year
        if case let y = Int(yearSlot[year - Day.years.lowerBound]), y >= 0 { lastSlot = y; return y }
        let sums = YearSums(
            year: year, contracts: analyzer.contracts.contracts.count, tally: InvoiceTally(names: analyzer.names))
        years.append(sums)
        yearSlot[year - Day.years.lowerBound] = Int32(years.count - 1)
        lastSlot = years.count - 1
        return lastSlot
    }

    /// The reference way for one record: normalise, then book it as `Ingestor` does.
    private func slow(_ r: CSVRecord) {
        r.raw(into: &raw)
        let outcome = normaliser.normalise(raw, file: file)
        let l = books.book(outcome, path: path, line: r.line) { l in
            guard let seen else { return nil }
            let k = DuplicateCheck.key(l)
            if let v = seen.original(k) { return seen.reason(v) }
            newKeys.append((k, r.line))
            return nil
        }
        if let l { analyzer.add(l) }
    }

    deinit { batchSpans?.deallocate() }

    /// A row whose quoted field never closes (after the records before it).
    func reject(line: Int, reason: RejectReason) {
        drain()
        _ = books.book(.rejected(reason), path: path, line: line) { _ in nil }
    }

    /// Makes the lines of rejects absolute, for a worker that started counting at 1 mid-file.
    func shiftLines(by offset: Int) { books.shiftLines(by: offset); lineShift += offset }
}
