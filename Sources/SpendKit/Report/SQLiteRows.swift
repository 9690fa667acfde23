import Foundation

/// The database's lines as one producer makes them — a fast-path kernel on its thread, or the reference path —
/// in order, in compact bytes, until `SQLiteOutput` takes them in file order (a kernel's only once its file is read:
/// a later thread's lines wait for the earlier threads', and a parallel attempt may be dropped whole).
///
/// A dimension value (supplier, account, class, place) is defined once with its strings and then named by a local
/// id; a line holds its own values and those ids, the values that need no id already in SQLite's record format.
/// Bytes beyond `chunk` go to a spill file, so memory stays bounded whatever the file's size. The consumer's state
/// (each local id's global id) lives here too, so a stream can be taken in parts.
final class SQLiteRows {
    /// `maskedLine`: a line whose invoice number or voucher holds a personnummer (`maskedNumber`).
    enum Tag: UInt8 { case file = 1, supplier, account, `class`, place, line, maskedLine }

    /// A supplier as the database shows it: the key as printable, the id as printed (nil: none), the name; and for
    /// a sole trader, whom the printable key cannot tell from another born the same day, the run's token of the
    /// person (`SupplierKey.apart`), which `SQLiteOutput` makes an ordinal of.
    struct Supplier: Hashable {
        var key: String; var id: String?; var name: String; var apart: String? = nil
    }
    struct Account: Hashable { var account: String; var text: String }
    /// A classification: category, subcategory and the rule table line (nil: none).
    struct Class: Hashable { var category: String; var subcategory: String; var rule: Int? }
    struct Place: Hashable { var costCentre: String; var board: String; var buyer: String }

    let rules: RuleTable?
    let contracts: ContractRegister
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// Bytes kept in memory before they are written out.
    static let chunk = 1 << 20
    private var spill: SpillFile?
    private var spilled: [(offset: Int, count: Int)] = []
    /// The spill file could not be made or written: everything stays in memory.
    private var inMemory = false
    /// Whether bytes beyond `chunk` go to the spill file (a kernel's); else the consumer takes them as they come.
    var spills = true
    private var file: Int32 = -1
    /// Local ids handed out, per dimension.
    private(set) var suppliers: Int32 = 0, accounts: Int32 = 0, classes: Int32 = 0, places: Int32 = 0
    /// Local ids by value, for producers that have only the strings (the reference path); forgotten beyond `known`.
    private var supplierIDs: [Supplier: Int32] = [:], accountIDs: [Account: Int32] = [:], classIDs: [Class: Int32] = [:]
    private var placeIDs: [Place: Int32] = [:]
    static let known = 1 << 16

    /// The consumer's: each local id's value (until it is first used) and global id (-1: not yet used).
    var supplierValues: [Supplier?] = [], accountValues: [Account?] = [], classValues: [Class?] = [],
        placeValues: [Place?] = []
    var supplierGlobal: [Int32] = [], accountGlobal: [Int32] = [], classGlobal: [Int32] = [], placeGlobal: [Int32] = []
    /// The consumer's: the file id (from 1) of the lines being read.
    var consumerFile = 0

    /// The register's ids, one after another, and where each is; what a confidential line's description reads.
    private let contractIDs: UnsafeMutableBufferPointer<UInt8>, contractRanges: [Range<Int>]
    private let confidential: UnsafeMutableBufferPointer<UInt8>

    init(rules: RuleTable?, contracts: ContractRegister) {
        self.rules = rules
        self.contracts = contracts
        capacity = 1 << 16
        base = .allocate(capacity: capacity)
        let ids = contracts.contracts.map { Array($0.id.utf8) }
        contractIDs = .allocate(capacity: ids.reduce(0) { $0 + $1.count })
        var ranges: [Range<Int>] = [], at = 0
        for id in ids {
            _ = contractIDs[at..<(at + id.count)].initialize(from: id)
            ranges.append(at..<(at + id.count))
            at += id.count
        }
        contractRanges = ranges
        confidential = .allocate(capacity: SQLiteOutput.confidential.utf8.count)
        _ = confidential.initialize(from: SQLiteOutput.confidential.utf8)
    }

    deinit {
        base.deallocate()
        contractIDs.deallocate()
        confidential.deallocate()
    }

    /// Bytes held, in memory and spilled.
    var isEmpty: Bool { count == 0 && spilled.isEmpty }

    // MARK: producing

    @inline(__always) private func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        capacity = max(capacity * 2, count + n)
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
    }

    @inline(__always) private func byte(_ v: UInt8) { base[count] = v; count += 1 }

    /// LEB128 (reserve 10 bytes first).
    @inline(__always) private func varint(_ v: UInt64) {
        var p = base + count
        SQLiteRows.leb(v, &p)
        count = p - base
    }

    /// LEB128 at `p`, which moves past it.
    @inline(__always) static func leb(_ v: UInt64, _ p: inout UnsafeMutablePointer<UInt8>) {
        var x = v
        while x >= 0x80 { p.pointee = UInt8(truncatingIfNeeded: x) | 0x80; p += 1; x >>= 7 }
        p.pointee = UInt8(x); p += 1
    }

    @inline(__always) private func bytes(_ b: UnsafeBufferPointer<UInt8>) {
        reserve(10 + b.count)
        varint(UInt64(b.count))
        if let p = b.baseAddress { (base + count).update(from: p, count: b.count) }
        count += b.count
    }

    private func string(_ s: String) {
        var s = s
        s.withUTF8 { bytes($0) }
    }

    private func optional(_ s: String?) {
        reserve(1)
        byte(s == nil ? 0 : 1)
        if let s { string(s) }
    }

    /// After a whole entry: beyond `chunk` bytes, out of memory.
    @inline(__always) private func entryDone() {
        guard spills, count >= SQLiteRows.chunk, !inMemory else { return }
        if spill == nil { spill = SpillFile() }
        guard let spill, let at = spill.write(UnsafeRawBufferPointer(start: base, count: count)) else {
            inMemory = true  // no spill file: memory
            return
        }
        spilled.append((at, count))
        count = 0
    }

    /// A new local id for a value (`id` looks the value up first; the fast path keeps its own caches).
    func define(_ v: Supplier) -> Int32 {
        entry(.supplier, reserving: 1, count: &suppliers) {
            string(v.key); optional(v.id); string(v.name); optional(v.apart)
        }
    }

    func define(_ v: Account) -> Int32 {
        entry(.account, reserving: 1, count: &accounts) {
            string(v.account); string(v.text)
        }
    }

    func define(_ v: Class) -> Int32 {
        entry(.class, reserving: 11, count: &classes) {
            varint(UInt64(v.rule.map { $0 + 1 } ?? 0))
            string(v.category); string(v.subcategory)
        }
    }

    func define(_ v: Place) -> Int32 {
        entry(.place, reserving: 1, count: &places) {
            string(v.costCentre); string(v.board); string(v.buyer)
        }
    }

    /// One dimension entry: its tag, its values, and the next id of its kind.
    private func entry(_ tag: Tag, reserving n: Int, count: inout Int32, _ values: () -> Void) -> Int32 {
        reserve(n); byte(tag.rawValue)
        values()
        entryDone()
        count += 1
        return count - 1
    }

    /// One line: its own values and its dimensions' local ids. `line` counts from where the producer started;
    /// `contract` indexes the register (-1: none); `description` nil for a confidential line.
    ///
    /// What needs no global id (the contract, the dates, number, voucher and description) is written here, on the
    /// producer's thread, as its part of the SQLite record: serial types, then values (`SQLiteOutput` puts the
    /// file, line, year, amount and ids in front).
    @inline(__always) func line(
        file: Int32, line: Int, year: Int, booking: Day?, invoice: Day?, amount: Int64, supplier: Int32, account: Int32,
        class c: Int32, place: Int32, contract: Int, number: UnsafeBufferPointer<UInt8>,
        voucher: UnsafeBufferPointer<UInt8>, description: UnsafeBufferPointer<UInt8>?
    ) {
        if PersonalData.mayHold(number) || PersonalData.mayHold(voucher) {
            return maskedLine(
                file: file, line: line, year: year, booking: booking, invoice: invoice, amount: amount,
                supplier: supplier, account: account, class: c, place: place, contract: contract, number: number,
                voucher: voucher, description: description)
        }
        put(
            file: file, line: line, year: year, booking: booking, invoice: invoice, amount: amount,
            supplier: supplier, account: account, class: c, place: place, contract: contract, number: number,
            voucher: voucher, description: description)
    }

    /// A line whose invoice number or voucher holds a personnummer: each such value masked (`maskedNumber`).
    @inline(never) private func maskedLine(
        file: Int32, line: Int, year: Int, booking: Day?, invoice: Day?, amount: Int64, supplier: Int32, account: Int32,
        class c: Int32, place: Int32, contract: Int, number: UnsafeBufferPointer<UInt8>,
        voucher: UnsafeBufferPointer<UInt8>, description: UnsafeBufferPointer<UInt8>?
    ) {
        let maskedNumber = SQLiteRows.maskedNumber(number), maskedVoucher = SQLiteRows.maskedNumber(voucher)
        let n = maskedNumber.map(Array.init) ?? Array(number), v = maskedVoucher.map(Array.init) ?? Array(voucher)
        let columns = (maskedNumber == nil ? 0 : 1) | (maskedVoucher == nil ? 0 : 2)
        n.withUnsafeBufferPointer { n in
            v.withUnsafeBufferPointer { v in
                put(
                    file: file, line: line, year: year, booking: booking, invoice: invoice,
                    amount: amount, supplier: supplier, account: account, class: c, place: place, contract: contract,
                    number: n, voucher: v, description: description, masked: UInt8(columns))
            }
        }
    }

    /// An invoice number or voucher as the stream carries it when it holds a personnummer: masked, then NUL and the
    /// run's token of the whole value (`PersonTokens`, made of nothing in it), which `SQLiteOutput` makes an ordinal
    /// of in file order (`240315**** (2)`), so distinct numbers stay distinct for the views' counts.
    static func maskedNumber(_ b: UnsafeBufferPointer<UInt8>) -> String.UTF8View? {
        guard PersonalData.mayHold(b) else { return nil }
        let raw = String(decoding: b, as: UTF8.self)
        return (PersonalData.masked(raw) + "\u{0}" + String(PersonTokens.shared.token(for: "number:" + raw))).utf8
    }

    /// `masked`: which of number (1) and voucher (2) `maskedNumber` made; a line with either is a `maskedLine`.
    @inline(__always) private func put(
        file: Int32, line: Int, year: Int, booking: Day?, invoice: Day?, amount: Int64, supplier: Int32,
        account: Int32, class c: Int32, place: Int32, contract: Int, number: UnsafeBufferPointer<UInt8>,
        voucher: UnsafeBufferPointer<UInt8>, description: UnsafeBufferPointer<UInt8>?, masked: UInt8 = 0
    ) {
        let text = description ?? UnsafeBufferPointer(confidential)
        let k = contract >= 0 ? UnsafeBufferPointer(rebasing: contractIDs[contractRanges[contract]]) : nil
        let body =
            (k?.count ?? 0) + (booking == nil ? 0 : 10) + (invoice == nil ? 0 : 10) + number.count + voucher.count
            + text.count
        reserve(16 + 9 * 10 + 6 * 9 + body)
        // One cursor in a local for the whole line: stores through `base` would otherwise reload `count` each time.
        var p = base + count
        if file != self.file {
            self.file = file
            p.pointee = Tag.file.rawValue; p += 1
            SQLiteRows.leb(UInt64(UInt32(bitPattern: file)), &p)
        }
        if masked == 0 {
            p.pointee = Tag.line.rawValue; p += 1
        } else {
            p.pointee = Tag.maskedLine.rawValue; p[1] = masked; p += 2
        }
        SQLiteRows.leb(UInt64(line), &p); SQLiteRows.leb(UInt64(year), &p)
        SQLiteRows.leb(UInt64(bitPattern: amount << 1 ^ amount >> 63), &p)
        SQLiteRows.leb(UInt64(supplier), &p); SQLiteRows.leb(UInt64(account), &p)
        SQLiteRows.leb(UInt64(c), &p); SQLiteRows.leb(UInt64(place), &p)
        // serial types: NULL or text of n bytes (2n + 13)
        let typesAt = p
        p += 1
        @inline(__always) func type(_ n: Int?) { p += SQLiteVarint.put(n.map { UInt64($0) * 2 + 13 } ?? 0, p) }
        type(k?.count); type(booking == nil ? nil : 10); type(invoice == nil ? nil : 10)
        type(number.count); type(voucher.count); type(text.count)
        typesAt.pointee = UInt8(p - typesAt - 1)
        SQLiteRows.leb(UInt64(body), &p)
        @inline(__always) func copy(_ b: UnsafeBufferPointer<UInt8>?) {
            guard let b, let q = b.baseAddress else { return }
            p.update(from: q, count: b.count)
            p += b.count
        }
        copy(k)
        if let booking { SQLiteRecord.day(booking, at: p); p += 10 }
        if let invoice { SQLiteRecord.day(invoice, at: p); p += 10 }
        copy(number); copy(voucher); copy(text)
        count = p - base
        entryDone()
    }

    /// A line of the reference path (or one the fast path sent that way), from its strings.
    func add(_ l: InvoiceLine, _ f: LineFacts) {
        let s = id(
            Supplier(key: f.supplier.printable, id: l.supplierID?.display, name: l.supplierName, apart: f.supplier.apart))
        let a = id(Account(account: l.account, text: l.accountText))
        let c = id(
            Class(
                category: f.classification.category, subcategory: f.classification.subcategory,
                rule: f.classification.rule.flatMap { i in rules.map { $0.rules[i].line } }))
        let p = id(Place(costCentre: l.costCentre, board: f.board, buyer: l.buyer))
        var number = l.invoiceNumber, voucher = l.voucher, description = l.description
        number.withUTF8 { n in
            voucher.withUTF8 { v in
                description.withUTF8 { d in
                    line(
                        file: l.source.file, line: Int(l.source.line), year: f.year, booking: l.bookingDate,
                        invoice: l.invoiceDate, amount: l.amount,
                        supplier: s, account: a, class: c, place: p,
                        contract: f.contract ?? -1,
                        number: n, voucher: v, description: l.confidential ? nil : d)
                }
            }
        }
    }

    /// The local id of a value, defined on first sight.
    func id(_ v: Supplier) -> Int32 { local(v, &supplierIDs, define) }
    func id(_ v: Account) -> Int32 { local(v, &accountIDs, define) }
    func id(_ v: Class) -> Int32 { local(v, &classIDs, define) }
    func id(_ v: Place) -> Int32 { local(v, &placeIDs, define) }

    private func local<V: Hashable>(_ v: V, _ ids: inout [V: Int32], _ define: (V) -> Int32) -> Int32 {
        if let i = ids[v] { return i }
        if ids.count >= SQLiteRows.known { ids.removeAll() }  // only a saving: a value defined twice is one in the database
        let i = define(v)
        ids[v] = i
        return i
    }

    // MARK: consuming

    /// Every byte held, in order, a chunk at a time; then the stream holds none (its local ids stay).
    func drain(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if let spill, let most = spilled.map(\.count).max() {
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: most, alignment: 16)
            defer { chunk.deallocate() }
            for s in spilled {
                let part = UnsafeMutableRawBufferPointer(rebasing: chunk[0..<s.count])
                try spill.read(at: s.offset, into: part)
                try body(UnsafeBufferPointer(part.bindMemory(to: UInt8.self)))
            }
        }
        try body(UnsafeBufferPointer(start: base, count: count))
        spilled.removeAll()
        spill = nil
        count = 0
    }
}
