import GRDB

extension SQLiteOutput {
    /// The tables SQLite itself fills once the bulk tables' pages are written: the rows too big for a page, the
    /// files, rejects and reference tables as read, and the run's bookkeeping. Closes the database.
    func writeTables(
        files: [String], paths: PathDisplay, info: [String: (encoding: String, profile: String)], counts: RowCounts,
        rejects: RowIssues, contracts: ContractRegister, organisation: OrganisationMap?, category: String?,
        currency: Currency, oversized: [(rowid: Int64, values: [DatabaseValue])],
        oversizedDimensions: [(table: String, values: [DatabaseValue])] = []
    ) throws {
        do {
            let queue = try DatabaseQueue(path: path, configuration: SQLiteOutput.configuration)
            try queue.write { db in
                let insert = try db.makeStatement(
                    sql: """
                        INSERT INTO line_facts (rowid, file_id, line, year, amount_ore, supplier, account, class, place, contract_id,
                            booking_date, invoice_date, invoice_number, voucher, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for r in oversizedDimensions {
                    let marks = Array(repeating: "?", count: r.values.count).joined(separator: ", ")
                    try db.execute(sql: "INSERT INTO \(r.table) VALUES (\(marks))", arguments: StatementArguments(r.values))
                }
                for r in oversized {
                    try insert.execute(arguments: StatementArguments([r.rowid.databaseValue] + r.values))
                }
                for (i, f) in files.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO files VALUES (?, ?, ?, ?)",
                        arguments: [i + 1, paths.show(f), info[f]?.encoding, info[f].map { paths.reason($0.profile) }])
                }
                for r in rejects {
                    try db.execute(
                        sql: "INSERT INTO rejects VALUES (?, ?, ?)",
                        arguments: [paths.show(r.file), r.line, paths.reason(r.reason)])
                }
                for r in rules?.rules ?? [] {
                    try db.execute(
                        sql: "INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [
                            r.line, r.category, r.subcategory, r.orgs.map(\.display).sorted().joined(separator: "|"),
                            PersonalData.masked(r.accounts.map(\.description).joined(separator: "|")),
                            PersonalData.masked(r.names.map(\.description).joined(separator: "|")),
                            PersonalData.masked(r.texts.map(\.description).joined(separator: "|")),
                        ])
                }
                for k in contracts.contracts {
                    try db.execute(
                        sql: "INSERT INTO contracts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        arguments: [
                            k.id, k.name, k.supplierName,
                            k.supplierKeys.map(\.printable).sorted().joined(separator: "|"), k.category,
                            k.subcategory,
                            k.from.description, k.to.description, k.extensionTo?.description, k.ceiling, k.kind,
                            k.kraljic,
                        ])
                }
                for e in organisation?.entries ?? [] {
                    try db.execute(
                        sql: "INSERT INTO organisation VALUES (?, ?, ?)",
                        arguments: [
                            e.kst.map { PersonalData.masked($0.description) }, PersonalData.masked(e.forvaltning), e.namnd,
                        ])
                }
                let run: [(String, DatabaseValueConvertible?)] = [
                    ("schema", "spend-sqlite/2"), ("category", category), ("currency", currency.code),
                    ("rows_read", counts.read),
                    ("rows_accepted", counts.accepted), ("rows_rejected", counts.rejected),
                    ("rows_excluded", counts.excluded),
                    ("rows_duplicates", counts.duplicates),
                ]
                for (k, v) in run { try db.execute(sql: "INSERT INTO run VALUES (?, ?)", arguments: [k, v]) }
            }
            try queue.close()
        } catch {
            throw RunError.cannotWrite(path: path, reason: "\(error)")
        }
    }
}
