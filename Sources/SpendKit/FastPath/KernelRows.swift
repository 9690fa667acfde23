/// What a fast-path kernel keeps for the SQLite output: its lines into a `SQLiteRows` stream, in record order.
///
/// A line's dimension values are worked out once each, where the kernel works out its own: the supplier (id as
/// printed, name, key) per (id value, name) of the column cache, the account per account value, the class per
/// kernel class, the place per place value; a line then costs its own values only (dates, number, voucher,
/// description, amount, the contract valid on its day). Suppliers, accounts and places are defined anew after the
/// kernel forgets its values (the writer finds them by value); classes, few, are looked up. Lines the kernel sends the reference way come through its
/// analyzer's line sink into the same stream, so the order is the file's.
final class KernelRows {
    let rows: SQLiteRows
    let file: Int32
    private let profile: Profile
    private let description: Int, confidential: Int, account: Int, accountText: Int
    private let register: ContractRegister
    private let validFrom: [Day], validTo: [Day]
    /// Per (id value, name) and per account value of the column cache: local ids (until the cache resets).
    private var supplierOf: [UInt64: Int32] = [:]
    private var accountOf: [Int32] = []
    /// Per kernel class: its local id, and the contracts that may cover its lines by its own subcategory (as
    /// `ContractRegister.covering` looks them up; the kernel's own are by the reported one).
    private var classOf: [Int32] = [], candidates: [Int32] = [], candidateRanges: [Range<Int32>] = []
    /// Per place value: its local id.
    private var placeOf: [Int32] = []

    init(rows: SQLiteRows, file: Int32, profile: Profile, columns: ColumnMap) {
        self.rows = rows
        self.file = file
        self.profile = profile
        description = columns[.description] ?? -1
        confidential = columns[.confidential] ?? -1
        account = columns[.account] ?? -1
        accountText = columns[.accountText] ?? -1
        register = rows.contracts
        validFrom = register.contracts.map(\.from)
        validTo = register.contracts.map(\.to)
    }

    /// Sets a first part's supplier and account ids.
    @inline(__always) func what(
        _ e: inout LineKernel.WhatEntry, idEntry: Int, accountEntry: Int, columns: ColumnCache, record r: CSVRecord
    ) {
        // By identity, not by the id's spelling: two sole traders under one masked name are two rows (whether the
        // line has an id of its own is part of the row too).
        let id = columns.idValues[idEntry]
        let identity = UInt32(bitPattern: e.identity) | (id == nil ? 1 << 31 : 0)
        let key = UInt64(identity) << 32 | UInt64(UInt32(bitPattern: e.name))
        if let s = supplierOf[key] {
            e.rowSupplier = s
        } else {
            let supplier = columns.identityKey(Int(e.identity))
            let s = rows.define(
                SQLiteRows.Supplier(
                    key: supplier.printable, id: id?.display, name: columns.nameString(e.name), apart: supplier.apart))
            supplierOf[key] = s
            e.rowSupplier = s
        }
        if accountEntry >= accountOf.count { accountOf += repeatElement(-1, count: accountEntry + 1 - accountOf.count) }
        if accountOf[accountEntry] < 0 {
            let (a, text) = profile.account(
                account >= 0 ? RawRecord.trimmedString(r[account]) : "",
                text: accountText >= 0 ? RawRecord.trimmedString(r[accountText]) : "")
            accountOf[accountEntry] = rows.define(SQLiteRows.Account(account: a, text: text))
        }
        e.rowAccount = accountOf[accountEntry]
    }

    /// A new kernel class (they come in order): its classification as the rules give it, and its supplier's key.
    func classMade(_ c: Classification, supplier: () -> SupplierKey, name: String, hasContracts: Bool) {
        classOf.append(
            rows.id(
                SQLiteRows.Class(
                    category: c.category, subcategory: c.subcategory,
                    rule: c.rule.flatMap { i in rows.rules.map { $0.rules[i].line } })))
        let start = Int32(candidates.count)
        if hasContracts {
            candidates += register.candidates(
                supplier: supplier(), name: name, category: c.category, subcategory: c.subcategory)
                .map { Int32($0) }
        }
        candidateRanges.append(start..<Int32(candidates.count))
    }

    /// A new place value (they come in order).
    func placeMade(costCentre: String, board: String, buyer: String) {
        placeOf.append(rows.define(SQLiteRows.Place(costCentre: costCentre, board: board, buyer: buyer)))
    }

    /// The kernel forgot its classes, its places, its column cache, as told.
    func forget(classes: Bool, places: Bool, values: Bool) {
        if classes {
            classOf.removeAll(keepingCapacity: true); candidates.removeAll(keepingCapacity: true);
            candidateRanges.removeAll(keepingCapacity: true)
        }
        if places { placeOf.removeAll(keepingCapacity: true) }
        if values { supplierOf.removeAll(); accountOf.removeAll() }
    }

    /// One line the kernel accepted.
    @inline(__always) func line(
        _ r: CSVRecord, year: Int, day: Day, booking: Day?, invoice: Day?, amount: Int64,
        number: UnsafeBufferPointer<UInt8>,
        voucher: UnsafeBufferPointer<UInt8>, what e: LineKernel.WhatEntry, class a: Int, place b: Int
    ) {
        var valid = -1
        for k in candidateRanges[a] {
            let i = Int(candidates[Int(k)])
            if validFrom[i] <= day && day <= validTo[i] { valid = i; break }
        }
        // A constant for `add` to capture: a captured `var` is boxed on the heap, once per line, whenever the
        // compiler keeps `add` out of line.
        let contract = valid
        let d = description >= 0 ? RawRecord.trimmed(r[description]) : UnsafeBufferPointer(start: nil, count: 0)
        @inline(__always) func add(_ text: UnsafeBufferPointer<UInt8>?) {
            rows.line(
                file: file, line: r.line, year: year, booking: booking, invoice: invoice, amount: amount,
                supplier: e.rowSupplier,
                account: e.rowAccount, class: classOf[a], place: placeOf[b], contract: contract, number: number,
                voucher: voucher,
                description: text)
        }
        if confidential >= 0 && ConfidentialFlag.isConfidential(RawRecord.trimmed(r[confidential])) {
            add(nil)
        } else if PersonalData.mayHold(d) {
            var masked = PersonalData.masked(String(decoding: d, as: UTF8.self))
            masked.withUTF8 { add($0) }
        } else {
            add(d)
        }
    }
}

extension LineKernel {
    /// Records this kernel's lines into `rows`: the fast ones here, the ones it sends the reference way through its
    /// analyzer's line sink.
    func record(into rows: SQLiteRows, profile: Profile, columns: ColumnMap) {
        sqlite = KernelRows(rows: rows, file: file, profile: profile, columns: columns)
        analyzer.lineSink = { rows.add($0, $1) }
    }
}
