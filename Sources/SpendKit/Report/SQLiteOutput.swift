import Foundation
import GRDB

/// `spend.sqlite`: the normalised, classified lines with their source file and line, the reference tables, and
/// the aggregates as views, for BI tools (Power BI, Metabase, DB Browser). Amounts are stored as integer öre.
public final class SQLiteOutput {
    public let path: String
    private let queue: DatabaseQueue
    private var batch: [StatementArguments] = []
    private let rules: RuleTable?
    public private(set) var lineCount = 0
    static let batchSize = 20_000
    /// What `lines.description` holds for a confidential row (Sekretess = J): its text never leaves memory.
    public static let confidential = "(sekretess)"

    /// Creates the database with its schema; it lives in staging until the run is published.
    public init(path: String, rules: RuleTable?) throws {
        self.path = path
        self.rules = rules
        try? FileManager.default.removeItem(atPath: path)
        do {
            var config = Configuration()
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            }
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.write { db in try db.execute(sql: SQLiteOutput.schema) }
        } catch {
            throw RunError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// The first write error; `finish` throws it.
    private var failure: Error?

    /// Buffers one line; every `batchSize` lines go to the database in one transaction.
    public func add(_ l: InvoiceLine, _ f: LineFacts) {
        guard failure == nil else { return }
        let rule = f.classification.rule.flatMap { i in rules.map { $0.rules[i].line } }
        batch.append([
            Int(l.source.file) + 1, Int(l.source.line), f.year, l.bookingDate?.description, l.invoiceDate?.description,
            SupplierKey.printable(f.supplier), l.supplierID?.display, l.supplierName, l.invoiceNumber, l.voucher, l.account, l.accountText,
            l.costCentre, f.board, l.buyer, l.confidential ? SQLiteOutput.confidential : l.description, f.classification.category, f.classification.subcategory,
            rule, f.contract, l.amount,
        ])
        lineCount += 1
        if batch.count >= SQLiteOutput.batchSize {
            do { try flush() } catch { failure = error }
        }
    }

    private func flush() throws {
        guard !batch.isEmpty else { return }
        let rows = batch
        batch.removeAll(keepingCapacity: true)
        try write { db in
            let stmt = try db.cachedStatement(sql: """
                INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for r in rows { try stmt.execute(arguments: r) }
        }
    }

    /// Writes the reference tables and the run's bookkeeping, builds the indexes, and closes the database.
    public func finish(files: [String], paths: PathDisplay = .asGiven, info: [String: (encoding: String, profile: String)], counts: RowCounts,
                       rejects: RowIssues, contracts: ContractRegister, organisation: OrganisationMap?, category: String?,
                       currency: Currency = .sek) throws {
        if let failure { throw failure }
        try flush()
        try write { db in
            for (i, f) in files.enumerated() {
                try db.execute(sql: "INSERT INTO files VALUES (?, ?, ?, ?)", arguments: [i + 1, paths.show(f), info[f]?.encoding, info[f]?.profile])
            }
            for r in rejects {
                try db.execute(sql: "INSERT INTO rejects VALUES (?, ?, ?)", arguments: [paths.show(r.file), r.line, paths.reason(r.reason)])
            }
            for r in rules?.rules ?? [] {
                try db.execute(sql: "INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?, ?)", arguments: [
                    r.line, r.category, r.subcategory, r.orgs.map(\.display).sorted().joined(separator: "|"),
                    r.accounts.map(\.description).joined(separator: "|"), r.names.map(\.description).joined(separator: "|"),
                    r.texts.map(\.description).joined(separator: "|"),
                ])
            }
            for k in contracts.contracts {
                try db.execute(sql: "INSERT INTO contracts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arguments: [
                    k.id, k.name, k.supplierName, k.supplierKeys.map(SupplierKey.printable).sorted().joined(separator: "|"), k.category, k.subcategory,
                    k.from.description, k.to.description, k.extensionTo?.description, k.ceiling, k.kind, k.kraljic,
                ])
            }
            for e in organisation?.entries ?? [] {
                try db.execute(sql: "INSERT INTO organisation VALUES (?, ?, ?)", arguments: [e.kst?.description, e.forvaltning, e.namnd])
            }
            let run: [(String, DatabaseValueConvertible?)] = [
                ("schema", "spend-sqlite/1"), ("category", category), ("currency", currency.code), ("rows_read", counts.read), ("rows_accepted", counts.accepted),
                ("rows_rejected", counts.rejected), ("rows_excluded", counts.excluded), ("rows_duplicates", counts.duplicates),
            ]
            for (k, v) in run { try db.execute(sql: "INSERT INTO run VALUES (?, ?)", arguments: [k, v]) }
            try db.execute(sql: SQLiteOutput.indexes)
        }
        try queue.close()
    }

    private func write(_ body: (Database) throws -> Void) throws {
        do { try queue.write(body) } catch {
            throw RunError.cannotWrite(path: path, reason: "\(error)")
        }
    }
}
