/// Turns one raw record into an `InvoiceLine`, or says why the row is rejected or excluded.
struct RowNormaliser {
    enum Outcome {
        case accepted(InvoiceLine)
        case rejected(RejectReason)
        /// Excluded by status; `listed` rows are named in `excluded.csv`, the others only counted.
        case excluded(String, listed: Bool)
        /// A row that stops its file (a header of other columns mid-file): booked as a reject, then the file fails.
        case stop(String)
    }

    let profile: Profile
    let width: Int
    /// Column per field, by the field's ordinal: an array, not a dictionary, on the hot path.
    let columns: ColumnMap
    private let rates: CurrencyRates?
    /// The last supplier id read and what it gave, when the profile runs a pattern over ids.
    private let lastID = LastID()

    final class LastID { var raw = ""; var id: SupplierID? }
    /// The currencies of lines in another than the ledger's, by the currency column's text (a line's amount may
    /// carry its own currency's sign: `€100,00` on a EUR line).
    private let lineCurrencies = LineCurrencies()
    final class LineCurrencies { var byCode: [String: Currency?] = [:] }

    init(profile: Profile, columns: ColumnMap, width: Int, rates: CurrencyRates?) {
        self.profile = profile
        self.width = width
        self.rates = rates
        self.columns = columns
    }

    /// The row's supplier id as the profile reads it (`supplier_id_ignore`, `supplier_key`).
    func supplierID(_ raw: String) -> SupplierID? {
        guard profile.supplierIDs.ignore != nil else { return profile.supplierIDs.byName ? nil : SupplierID.parse(raw) }
        if raw != lastID.raw || raw.isEmpty { lastID.raw = raw; lastID.id = profile.supplierID(raw) }
        return lastID.id
    }

    /// Why the profile's `[[exclude]]` excludes the row, or nil.
    func exclusion(_ r: RawRecord) -> String? {
        guard !profile.excludes.isEmpty else { return nil }
        var account: String?
        for (i, rule) in profile.excludes.enumerated() {
            let c = columns.excludeColumns[i]
            let value = c >= 0 && c < r.count ? r.trimmedString(c) : nil
            if !rule.accounts.isEmpty && account == nil {
                func text(_ f: Field) -> String { columns[f].map { $0 < r.count ? r.trimmedString($0) : "" } ?? "" }
                account = profile.account(text(.account), text: text(.accountText)).account
            }
            if rule.holds(value: value, account: account ?? "") { return rule.reason }
        }
        return nil
    }

    /// Whether a row the fast checks accepted must still go the reference way: a currency other than the ledger's,
    /// a status the profile's `[status]` does not count (the fast checks take `OK`), or an exclusion that holds.
    func needsReference(_ r: RawRecord) -> Bool {
        if let rule = profile.status, let c = columns[.status], c < r.count {
            let s = r.trimmedString(c).uppercased()
            if !rule.ok.contains(s) || rule.excluded.contains(s) { return true }
        }
        if let c = columns[.currency], c < r.count {
            let currency = r.trimmedString(c)
            if !currency.isEmpty && currency.uppercased() != profile.currency.code { return true }
        }
        return exclusion(r) != nil
    }

    /// The row as a line, or why it is rejected or excluded; a row the checks reject may be a header line again
    /// (`headerRow`).
    func normalise(_ r: RawRecord, file: Int32) -> Outcome {
        let outcome = line(r, file: file)
        if case .rejected = outcome, let header = headerRow(r) { return header }
        return outcome
    }

    private func line(_ r: RawRecord, file: Int32) -> Outcome {
        let col = columns
        func text(_ f: Field) -> String {
            guard let i = col[f], i < r.count else { return "" }
            return r.trimmedString(i)
        }
        // A totals label in a date column (`Total,,,£1,844.56`) is no date, nor one in the invoice number or supplier
        // id column (`Summa;;;;;;;100;`, the label in the first column) a number or id, nor is a placeholder id
        // (`0000000000`, `NULL`): it carries nothing. (Such a row never passes the fast path's date checks, or is
        // sent this way by its totals check.)
        func carried(_ f: Field) -> Bool { let t = text(f); return !t.isEmpty && !LayoutRow.isTotalsLabel(t) }
        func carriesID() -> Bool { carried(.supplierID) && supplierID(text(.supplierID)) != nil }
        if let why = LayoutRow.reason(
            r, width: width, amount: col[.amount], name: col[.supplierName],
            carries: carriesID() || carried(.invoiceNumber),
            dated: carried(.bookingDate) || carried(.invoiceDate) || carried(.period))
        {
            return .excluded(why, listed: true)
        }
        if r.count != width {
            return .rejected(.fieldCount(expected: width, found: r.count))
        }
        func bytes<T>(_ f: Field, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
            guard let i = col[f] else { return nil }
            return r.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[r.range(i)])) }
        }
        if let why = exclusion(r) { return .excluded(why, listed: true) }
        if col[.status] != nil {
            let s = text(.status).uppercased()
            if let rule = profile.status {
                if rule.excluded.contains(s) { return .excluded("status \(s)", listed: true) }
                if !rule.ok.contains(s) { return .rejected(.unknownStatus(s)) }
            } else {
                switch s {
                case "OK": break
                case "CANCELED", "CANCELLED": return .excluded("status \(s)", listed: false)
                case "PENDING", "PROCESSING": return .excluded("status \(s)", listed: true)
                default: return .rejected(.unknownStatus(s))
                }
            }
        }
        var line = InvoiceLine(source: SourceRef(file: file, line: Int32(clamping: r.line)))
        // A sign or code in the amount is checked against the line's own currency when it names one: `100,00 kr` on a
        // EUR line is no amount in euro.
        var amountCurrency = profile.currency
        let currency = text(.currency).uppercased()
        if !currency.isEmpty && currency != profile.currency.code {
            if lineCurrencies.byCode[currency] == nil { lineCurrencies.byCode[currency] = .some(Currency(code: currency)) }
            if case let .some(c?) = lineCurrencies.byCode[currency] { amountCurrency = c }
        }
        switch bytes(.amount, { Amount.parseOre(
                $0, decimal: profile.decimal, currency: amountCurrency, separatorIsAmbiguous: profile.separatorIsAmbiguous)
        })! {
        case .success(let v): line.amount = v
        case .failure(let f): return .rejected(.amount(f, text: text(.amount)))
        }
        if col[.invoiceDate] != nil && !text(.invoiceDate).isEmpty {
            guard let d = bytes(.invoiceDate, { DateFormat.parse($0, format: profile.dateFormat) }) ?? nil else {
                return .rejected(.unparsedDate(.invoiceDate, text: text(.invoiceDate)))
            }
            line.invoiceDate = d
        }
        if col[.bookingDate] != nil && !text(.bookingDate).isEmpty {
            guard let d = bytes(.bookingDate, { DateFormat.parse($0, format: profile.dateFormat) }) ?? nil else {
                return .rejected(.unparsedDate(.bookingDate, text: text(.bookingDate)))
            }
            line.bookingDate = d
        }
        if col[.period] != nil && !text(.period).isEmpty {
            guard let d = bytes(.period, { DateFormat.parsePeriod($0) }) ?? nil else {
                return .rejected(.unparsedDate(.period, text: text(.period)))
            }
            line.periodEnd = d
        } else {
            line.periodEnd = profile.period
        }
        if line.date == nil { return .rejected(.noDate) }
        let (name, person) = PersonalData.supplierName(
            col[.supplierName].map { r.trimmedString($0, collapse: true) } ?? "")
        line.supplierName = name
        line.supplierID = supplierID(text(.supplierID))
        if line.supplierID == nil { line.namePerson = person }
        if line.supplierName.isEmpty && line.supplierID == nil { return .rejected(.noSupplier) }
        if !currency.isEmpty && currency != profile.currency.code {
            switch rates?.conversion(line.amount, currency: currency, on: line.date!) ?? .noRate {
            case .ore(let converted): line.amount = converted
            case .noRate: return .rejected(.noExchangeRate(currency: currency))
            case .beyondLimit: return .rejected(.amount(.overflow, text: text(.amount)))
            }
        }
        line.invoiceNumber = text(.invoiceNumber)
        line.voucher = text(.voucher)
        (line.costCentre, line.board, line.buyer) = placement(r)
        (line.account, line.accountText) = profile.account(text(.account), text: text(.accountText))
        line.project = text(.project)
        line.object = text(.object)
        line.description = PersonalData.masked(text(.description))
        line.contractRef = text(.contractRef)
        line.confidential = ConfidentialFlag.isConfidential(text(.confidential))
        line.category = PersonalData.masked(text(.category))
        line.subcategory = PersonalData.masked(text(.subcategory))
        return .accepted(line)
    }
}

extension RowNormaliser {
    /// Where a row was bought, as `normalise` reads it: cost centre, board as exported and buyer (masked: a buyer is
    /// often a person, and goes out as it is).
    func placement(_ r: RawRecord) -> (costCentre: String, board: String, buyer: String) {
        func text(_ f: Field, collapse: Bool = false) -> String {
            columns[f].map { r.trimmedString($0, collapse: collapse) } ?? ""
        }
        return (text(.costCentre), text(.board, collapse: true), PersonalData.masked(text(.buyer)))
    }
}

/// Trims and folds runs of blanks into one space ("ATEA  SVERIGE AB " → "ATEA SVERIGE AB").
func collapseBlanks(_ s: String) -> String {
    var out = ""
    var blank = false
    for ch in s {
        if ch == " " || ch == "\t" || ch == "\u{A0}" { blank = true; continue }
        if blank && !out.isEmpty { out.append(" ") }
        blank = false
        out.append(ch)
    }
    return out
}
