import Foundation
import GRDB

/// `spend.sqlite`: the normalised, classified lines with their source file and line, the reference tables, and
/// the aggregates as views, for BI tools (Power BI, Metabase, DB Browser). Amounts are stored as integer öre.
///
/// Lines come as `SQLiteRows` streams — from the fast path's kernels, in file order once each file is read, or from
/// the reference path line by line (`add`) — and go straight into the pages of `line_facts` (`SQLiteTableWriter`),
/// each dimension value (supplier, account, class, place) under the id of its first line, so the same input gives
/// the same database, byte for byte, whatever the parser and the threads. The file lives in staging, journal off,
/// until the run is published.
public final class SQLiteOutput {
    public let path: String
    let rules: RuleTable?
    private let contracts: ContractRegister
    /// Lines written.
    public private(set) var lineCount = 0
    /// What `lines.description` holds for a confidential row (Sekretess = J): its text never leaves memory.
    public static let confidential = "(sekretess)"

    private let pageSize: Int
    /// Each bulk table's root page.
    private let roots: [String: UInt32]
    /// The lines' table writer (the tests make its file fail underneath it).
    let facts: SQLiteTableWriter
    /// The reference path's lines, taken every `SQLiteRows.chunk` bytes.
    private let reference: SQLiteRows
    /// The first write error; `finish` and `wait` throw it.
    var failure: Error?
    /// The database's own thread: the kernels' lines and the last tables are written there, in the order given,
    /// while the run goes on (`SQLiteOutput+Background.swift`).
    let queue = DispatchQueue(label: "spend.sqlite.lines")
    /// Work given to `queue` and not yet waited for (read and written on the run's thread only).
    var pending = false
    /// Room for the kernels' streams given to `queue` and not yet written.
    let queued = DispatchSemaphore(value: 8)
    /// A line record's front: serial types (`frontTypes` bytes), then room for eight values of eight bytes.
    private let front = UnsafeMutablePointer<UInt8>.allocate(capacity: SQLiteOutput.frontTypes + 8 * 8)
    private static let frontTypes = 64
    /// Rows too big for one page, with their rowids: SQLite inserts them at `finish`.
    private var oversized: [(rowid: Int64, values: [DatabaseValue])] = []
    /// Dimension rows too big for a page, by table.
    private var oversizedDimensions: [(table: String, values: [DatabaseValue])] = []

    /// Dimension values by global id (from 1) and the other way.
    private var suppliers = Dimension<SQLiteRows.Supplier>(), accounts = Dimension<SQLiteRows.Account>()
    /// Sole traders by printable key and token, each with its ordinal among those born that day (`personsApart`).
    private var personOrdinals: [String: Int] = [:], personsBorn: [String: Int] = [:]
    /// Per masked invoice number or voucher with its token, its ordinal; per masked value, how many (`numbersApart`).
    var numberOrdinals: [String: Int] = [:], numbersMasked: [String: Int] = [:]
    /// A masked line's serial types and values as `numbersApart` rewrote them, until the next.
    var apart = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private var classes = Dimension<SQLiteRows.Class>(), places = Dimension<SQLiteRows.Place>()

    struct Dimension<V: Hashable> {
        var values: [V] = []
        var ids: [V: Int32] = [:]

        mutating func id(_ v: V) -> Int32 {
            if let i = ids[v] { return i }
            values.append(v)
            ids[v] = Int32(values.count)
            return Int32(values.count)
        }
    }

    deinit { front.deallocate(); apart.deallocate() }

    /// A sole trader's key as written: `790619-****` for the first person born that day the lines name, in file order,
    /// `790619-**** (2)` for the second, and so on, so the views never add two people up as one.
    private func personsApart(_ v: SQLiteRows.Supplier) -> SQLiteRows.Supplier {
        guard let apart = v.apart else { return v }
        let person = v.key + "\u{0}" + apart
        var n = personOrdinals[person] ?? 0
        if n == 0 {
            n = (personsBorn[v.key] ?? 0) + 1
            personsBorn[v.key] = n
            personOrdinals[person] = n
        }
        return SQLiteRows.Supplier(key: n == 1 ? v.key : "\(v.key) (\(n))", id: v.id, name: v.name)
    }

    /// Creates the database with its schema; it lives in staging until the run is published.
    public init(path: String, rules: RuleTable?, contracts: ContractRegister = .empty) throws {
        self.path = path
        self.rules = rules
        self.contracts = contracts
        reference = SQLiteRows(rules: rules, contracts: contracts)
        reference.spills = false
        try? FileManager.default.removeItem(atPath: path)
        do {
            let queue = try DatabaseQueue(path: path, configuration: SQLiteOutput.configuration)
            var roots: [String: UInt32] = [:]
            var size = 0, pages = 0
            // The page layout `SQLiteTableWriter` writes: no pointer-map pages, UTF-8 text, pages of 4 KB.
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA auto_vacuum = NONE; PRAGMA encoding = 'UTF-8'; PRAGMA page_size = 4096")
            }
            try queue.write { db in
                try db.execute(sql: SQLiteOutput.schema)
                for t in SQLiteOutput.bulkTables {
                    roots[t] = try UInt32.fetchOne(
                        db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [t])
                }
            }
            try queue.read { db in
                size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            }
            try queue.close()
            self.roots = roots
            pageSize = size
            facts = try SQLiteTableWriter(
                path: path, pageSize: size, root: roots["line_facts"]!, pageCount: UInt32(pages))
        } catch let e as RunError {
            throw e
        } catch {
            throw RunError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    static var configuration: Configuration {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        return config
    }

    /// One line of the reference path; every `SQLiteRows.chunk` bytes go into the database.
    public func add(_ l: InvoiceLine, _ f: LineFacts) {
        settle()
        guard failure == nil else { return }
        reference.add(l, f)
        if reference.count >= SQLiteRows.chunk {
            do { try take(reference) } catch { failure = error }
        }
    }

    /// A stream for one producer's lines (a fast-path kernel), for `take`.
    func stream() -> SQLiteRows { SQLiteRows(rules: rules, contracts: contracts) }

    /// Writes a stream's lines; `lineShift` makes a kernel's lines absolute (it counted from where it started).
    func take(_ rows: SQLiteRows, lineShift: Int = 0) throws {
        if let failure { throw failure }
        do {
            try rows.drain { chunk in try write(chunk, of: rows, lineShift: lineShift) }
        } catch {
            failure = error
            throw error
        }
    }

    private func write(_ chunk: UnsafeBufferPointer<UInt8>, of rows: SQLiteRows, lineShift: Int) throws {
        var r = SQLiteRowReader(bytes: chunk)
        while !r.atEnd {
            switch SQLiteRows.Tag(rawValue: r.byte()) {
            case .file: rows.consumerFile = r.int() + 1
            case .supplier:
                rows.supplierValues.append(
                    SQLiteRows.Supplier(key: r.string(), id: r.optional(), name: r.string(), apart: r.optional()))
                rows.supplierGlobal.append(-1)
            case .account:
                rows.accountValues.append(SQLiteRows.Account(account: r.string(), text: r.string()))
                rows.accountGlobal.append(-1)
            case .class:
                let rule = r.int()
                rows.classValues.append(
                    SQLiteRows.Class(category: r.string(), subcategory: r.string(), rule: rule == 0 ? nil : rule - 1))
                rows.classGlobal.append(-1)
            case .place:
                rows.placeValues.append(SQLiteRows.Place(costCentre: r.string(), board: r.string(), buyer: r.string()))
                rows.placeGlobal.append(-1)
            case .line: try line(&r, rows, lineShift)
            case .maskedLine: try line(&r, rows, lineShift, masked: r.byte())
            case nil: throw RunError.cannotWrite(path: path, reason: "internal error: the lines' bytes are out of step")
            }
        }
    }

    /// One line's record into `line_facts`: the file, line, year, amount and dimensions' global ids in front of the
    /// rest of the record, which the producer wrote.
    @inline(__always) private func line(
        _ r: inout SQLiteRowReader, _ rows: SQLiteRows, _ lineShift: Int, masked: UInt8 = 0
    ) throws {
        let line = r.int() + lineShift, year = r.int()
        let z = r.varint()
        let amount = Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
        let s = r.int(), a = r.int(), c = r.int(), p = r.int()
        var types = r.slice(count: Int(r.byte())), tail = r.slice()
        if masked != 0 { (types, tail) = numbersApart(types: types, tail: tail, columns: masked) }
        var supplier = rows.supplierGlobal[s]
        if supplier < 0 {
            supplier = suppliers.id(personsApart(rows.supplierValues[s]!)); rows.supplierGlobal[s] = supplier;
            rows.supplierValues[s] = nil
        }
        var account = rows.accountGlobal[a]
        if account < 0 {
            account = accounts.id(rows.accountValues[a]!); rows.accountGlobal[a] = account; rows.accountValues[a] = nil
        }
        var cls = rows.classGlobal[c]
        if cls < 0 { cls = classes.id(rows.classValues[c]!); rows.classGlobal[c] = cls; rows.classValues[c] = nil }
        var place = rows.placeGlobal[p]
        if place < 0 {
            // A cost centre that is a personnummer is written masked (no view counts cost centres; an invoice number
            // or voucher is kept apart from others masked alike: `numbersApart`)
            var v = rows.placeValues[p]!
            v.costCentre = PersonalData.masked(v.costCentre)
            place = places.id(v); rows.placeGlobal[p] = place; rows.placeValues[p] = nil
        }
        lineCount += 1
        // The front's serial types, then the producer's, in `front`; the front's values after them.
        guard types.count <= SQLiteOutput.frontTypes - 8 else {
            throw RunError.cannotWrite(path: path, reason: "internal error: a line's record has too many columns")
        }
        let frontBody = front + SQLiteOutput.frontTypes
        var t = front, b = frontBody
        @inline(__always) func put(_ v: Int64) { SQLiteRecord.put(v, types: &t, body: &b) }
        put(Int64(rows.consumerFile)); put(Int64(line)); put(Int64(year)); put(amount)
        put(Int64(supplier)); put(Int64(account)); put(Int64(cls)); put(Int64(place))
        if let p = types.baseAddress { t.update(from: p, count: types.count) }
        t += types.count
        if try !facts.append(
            rowid: Int64(lineCount), types: UnsafeBufferPointer(start: front, count: t - front),
            body: UnsafeBufferPointer(start: frontBody, count: b - frontBody), tail: tail)
        {
            let front = [rows.consumerFile, line, year, Int(amount), Int(supplier), Int(account), Int(cls), Int(place)]
                .map(\.databaseValue)
            oversized.append((Int64(lineCount), front + SQLiteOutput.values(types: types, body: tail)))
        }
    }

    /// The values of a record's NULL, integer and text columns.
    static func values(types: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>) -> [DatabaseValue] {
        var i = 0, at = 0
        var out: [DatabaseValue] = []
        while i < types.count {
            var v: UInt64 = 0
            repeat { v = v << 7 | UInt64(types[i] & 0x7F); i += 1 } while types[i - 1] >= 0x80
            if v == 0 { out.append(.null); continue }
            if v == 8 || v == 9 { out.append(Int64(v - 8).databaseValue); continue }
            if v <= 6 {  // big-endian, sign-extended from its width
                let width = [0, 1, 2, 3, 4, 6, 8][Int(v)]
                var x: Int64 = Int64(Int8(bitPattern: body[at]))
                for k in 1..<width { x = x << 8 | Int64(body[at + k]) }
                out.append(x.databaseValue)
                at += width
                continue
            }
            let n = Int(v - 13) / 2
            out.append(
                String(decoding: UnsafeBufferPointer(rebasing: body[at..<(at + n)]), as: UTF8.self).databaseValue)
            at += n
        }
        return out
    }

    /// Writes the dimensions, the reference tables and the run's bookkeeping, and closes the database. `line_facts`
    /// has no index: the views read it whole, and building one would cost more than writing the table.
    public func finish(
        files: [String], paths: PathDisplay = .asGiven, info: [String: (encoding: String, profile: String)],
        counts: RowCounts,
        rejects: RowIssues, contracts: ContractRegister, organisation: OrganisationMap?, category: String?,
        currency: Currency = .sek
    ) throws {
        settle()
        try writeLast(
            files: files, paths: paths, info: info, counts: counts, rejects: rejects, contracts: contracts,
            organisation: organisation, category: category, currency: currency)
    }

    /// `finish` on the thread that writes, with nothing else given to the database's thread.
    func writeLast(
        files: [String], paths: PathDisplay, info: [String: (encoding: String, profile: String)], counts: RowCounts,
        rejects: RowIssues, contracts: ContractRegister, organisation: OrganisationMap?, category: String?,
        currency: Currency
    ) throws {
        try take(reference)
        do {
            try facts.finish()
            var pages = facts.pageCount
            pages = try bulk("suppliers", after: pages, suppliers.values) { r, v in
                r.null(); r.text(v.key); r.text(v.id); r.text(v.name)
            }
            pages = try bulk("accounts", after: pages, accounts.values) { r, v in
                r.null(); r.text(PersonalData.masked(v.account)); r.text(PersonalData.masked(v.text))
            }
            pages = try bulk("classes", after: pages, classes.values) { r, v in
                r.null(); r.text(v.category); r.text(v.subcategory)
                if let rule = v.rule { r.int(rule) } else { r.null() }
            }
            pages = try bulk("places", after: pages, places.values) { r, v in
                r.null(); r.text(v.costCentre); r.text(PersonalData.masked(v.board)); r.text(v.buyer)
            }
        } catch let e as RunError {
            throw e
        } catch {
            throw RunError.cannotWrite(path: path, reason: "\(error)")
        }
        try writeTables(
            files: files, paths: paths, info: info, counts: counts, rejects: rejects, contracts: contracts,
            organisation: organisation, category: category, currency: currency, oversized: oversized,
            oversizedDimensions: oversizedDimensions)
    }

    /// A dimension table's rows (rowid = id, the id column's value NULL as for any INTEGER PRIMARY KEY), written
    /// after page `after`; returns the file's pages then.
    private func bulk<V>(_ table: String, after pages: UInt32, _ values: [V], _ encode: (SQLiteRecord, V) -> Void)
        throws -> UInt32
    {
        let w = try SQLiteTableWriter(path: path, pageSize: pageSize, root: roots[table]!, pageCount: pages)
        let r = SQLiteRecord()
        for (i, v) in values.enumerated() {
            r.reset()
            encode(r, v)
            if try !w.append(rowid: Int64(i + 1), types: r.typeBytes, body: r.bodyBytes) {
                // Longer than a page (a 4 KB supplier name): SQLite writes it, with overflow pages, after the bulk.
                var row = SQLiteOutput.values(types: r.typeBytes, body: r.bodyBytes)
                row[0] = Int64(i + 1).databaseValue  // the id, which the bulk leaves NULL as the rowid's alias
                oversizedDimensions.append((table, row))
            }
        }
        try w.finish()
        return w.pageCount
    }
}
