import Foundation
import GRDB
import Testing

@testable import SpendKit

/// The database of a run, made in-process: by the fast path on `threads` threads cut at `cuts`, or by the reference
/// path (libcsv, one line at a time through the analyzer's line sink). Returns the file's path.
func sqliteDatabase(
    _ o: RunOptions, fast: Bool, threads: Int = 1, cuts: [Int]? = nil, subjectLimit: Int? = nil,
    bypassProbe: Int? = nil, prefetchFrom: Int? = nil
) throws -> String {
    let path = tempDir() + "/spend.sqlite"
    let (ing, profile) = try Pipeline.ingestor(o)
    let a = try Pipeline.analyzer(o)
    if let subjectLimit { ing.subjectLimit = subjectLimit }
    if let bypassProbe { ing.bypassProbe = bypassProbe }
    ing.prefetchFrom = prefetchFrom
    let db = try SQLiteOutput(path: path, rules: a.classifier?.table, contracts: a.contracts)
    if fast {
        try ing.ingest(paths: o.invoices, profile: profile, into: a, threads: threads, cuts: cuts, database: db)
    } else {
        ing.parserKind = .libcsv
        a.lineSink = { db.add($0, $1) }
        try ing.ingest(paths: o.invoices, profile: profile) { a.add($0) }
    }
    try db.finish(
        files: ing.files, info: ing.fileInfo, counts: ing.counts, rejects: ing.rejects, contracts: a.contracts,
        organisation: a.organisation, category: o.settings.category, currency: ing.currency ?? .sek)
    return path
}

/// What a database answers: every row of every table and view the README names (`lines`: with the lines), in the
/// order SQLite gives them, after `PRAGMA integrity_check` says the file is sound.
func sqliteContent(_ path: String, lines: Bool = true) throws -> [String] {
    let q = try DatabaseQueue(path: path)
    defer { try? q.close() }
    return try q.read { db in
        #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"], "\(path)")
        var out: [String] = []
        for t in (lines ? ["lines", "spend_lines"] : []) + [
            "files", "rejects", "rules", "contracts", "organisation", "run", "supplier_names", "category_spend",
            "subcategory_spend", "supplier_spend", "board_spend", "board_subcategory_spend", "contract_loyalty",
        ] {
            out.append(t)
            out += try Row.fetchAll(db, sql: "SELECT * FROM \(t)").map(\.description)
        }
        return out
    }
}

private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

/// A Proceedo dump with every kind of line the database must carry alike on both paths: confidential lines (J, ja,
/// N), a personnummer in a name and in a description, quoted line feeds and quotes, a foreign currency, contract
/// references, lines outside the category, statuses that exclude, bad rows, a description longer than a page.
private let oddDump: String = {
    let header =
        "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Fakturadatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus;Sekretess"
    let long = String(repeating: "Lång beskrivning av licenser ", count: 200)
    let rows = [
        "A1;V1;2022-03-01;2022-02-20;Atea Sverige AB;556036-0793;1100;54610;\"Dator\r\nmed skärm\";1 000,00;SEK;K1;OK;N",
        "A1;V1b;2022-03-01;;Atea Sverige AB;556036-0793;1100;54610;Dator;250,00;;K1;OK;",
        "",
        "A2;V2;2022-09-01;2022-08-30;ATEA SVERIGE AB;5560360793;2100;54610;\"\"\"Citat\"\" och\nrad\";500,00;SEK;K9;OK;n",
        "T1;V4;2022-02-01;;Tele2 Sverige AB;556410-8917;1200;74311;Licens;300,00;SEK;K1;OK;J",
        "T2;V5;2021-02-01;;Tele2 Sverige AB;556410-8917;9999;74311;  Licens ;-40,00;SEK;K2;ok; ja ",
        "P1;V6;2022-02-01;;Tele2 Sverige AB;556410-8917;1200;74311;Licens;99,00;SEK;;PENDING;",
        "E1;V10;2022-04-01;;Euro AB;;1100;54610;Licens;10,00;EUR;;OK;",
        "N1;;2022-05-01;;Nisses Data;;1300;54610;Kabel;50,00;SEK;;OK;",
        ";;2022-05-02;;Nisses Data;;1300;54610;Kabel;5,00;SEK;;OK;",
        "O1;V11;2022-01-01;;Byggare AB;;1100;41000;Betong;10000,00;SEK;;OK;",
        "X1;V12;2022-01-01;;Okänt AB;;1100;99999;Annat;100,00;SEK;;OK;",
        "S1;V13;2022-06-01;;Atea Sverige AB;556036-0793;1100;54610;Skärm åt Eva 790619-7442;75,50;SEK;K1;OK;N",
        "S2;V14;2022-06-01;;Eva Ek 790619-7442;;1100;74311;Licens;12,00;SEK;;OK;N",
        "L1;V15;2022-07-01;;Atea Sverige AB;556036-0793;1100;54610;\(long);3,00;SEK;;OK;N",
        "B2;V16;2022-13-01;;Tele2 Sverige AB;556410-8917;1200;74311;Licens;12,00;SEK;;OK;",
        "W1;V17;2022-06-02;;Atea Sverige AB;556036-0793;1100;54610;för få fält",
        "U2;V18;2022-07-02;;Atea Sverige AB;556036-0793;1100;54610;sist;2,00;SEK;;OK;N",
    ]
    return ([header] + rows).joined(separator: "\r\n") + "\r\n"
}()


@Suite("SQLite from the fast path")
struct SQLiteFastPathTests {
    // MARK: 1. the database agrees with summary.json

    /// The reference data set, written once for every test here.
    static let data: String = {
        let data = tempDir() + "/ref"
        _ = try! ReferenceDataSet(scale: 1).write(to: data)
        return data
    }()

    /// The reference data set analysed once with `--format json,sqlite` on two threads.
    static let reference: (out: String, code: Int32, err: String) = {
        let data = Self.data, out = tempDir() + "/Reports"
        let r = try! runSpend([
            "analyze", "--invoices", data + "/ledger/proceedo-2020.csv", data + "/ledger/proceedo-2021.csv",
            data + "/ledger/proceedo-2022.csv", data + "/ledger/proceedo-omexport-2022-12.csv",
            "--profile", "proceedo", "--rules", data + "/regler.csv", "--contracts", data + "/avtal.csv",
            "--org", data + "/organisation.csv", "--category", "IT och telekom", "--out", out,
            "--format", "json,sqlite", "--threads", "2",
        ])
        return (out, r.code, r.err)
    }()

    /// A view's rows of one year and category, by the values of `key` columns joined with `|`.
    static func rows(_ db: Database, _ view: String, year: Int, category: String, key: [String]) throws -> [String: Row]
    {
        var out: [String: Row] = [:]
        for r in try Row.fetchAll(
            db, sql: "SELECT * FROM \(view) WHERE year = ? AND category = ?", arguments: [year, category])
        {
            out[key.map { r[$0] as String? ?? "" }.joined(separator: "|")] = r
        }
        return out
    }

    static func ore(_ v: Any?) -> Int64? { (v as? Double).map { Int64(($0 * 100).rounded()) } }

    @Test(
        "per year on the reference data set: total, lines, suppliers, subcategories, boards, top suppliers, contract loyalty",
        arguments: [2020, 2021, 2022])
    func agreesWithSummary(year: Int) throws {
        let run = Self.reference
        #expect(run.code == 0, "\(run.err)")
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(run.out)/\(year)/summary.json"))) as? [String: Any])
        let q = try DatabaseQueue(path: run.out + "/spend.sqlite")
        defer { try? q.close() }
        try q.read { (db: Database) throws in
            let cat = "IT och telekom"
            let c = try #require(
                try Row.fetchOne(
                    db, sql: "SELECT * FROM category_spend WHERE year = ? AND category = ?", arguments: [year, cat]))
            #expect(Self.ore(c["amount_sek"] as Double) == Self.ore(json["total"]))
            #expect(c["lines"] as Int == json["lines"] as? Int)
            #expect(c["suppliers"] as Int == json["suppliers"] as? Int)
            #expect(
                try Int64.fetchOne(
                    db, sql: "SELECT SUM(amount_ore) FROM lines WHERE year = ? AND category = ?",
                    arguments: [year, cat])
                    == Self.ore(json["total"]))

            let subs = try #require(json["subcategories"] as? [[String: Any]])
            let subRows = try Self.rows(db, "subcategory_spend", year: year, category: cat, key: ["subcategory"])
            #expect(subs.count == subRows.count)
            for s in subs {
                let r = try #require(subRows[s["name"] as? String ?? ""], "\(s)")
                let amount = r["amount_sek"] as Double, off = r["off_contract_sek"] as Double
                #expect(Self.ore(amount) == Self.ore(s["amount"]), "\(s)")
                #expect(abs(off / amount - ((s["off_contract_share"] as? Double) ?? -1)) <= 0.0001, "\(s)")
            }

            let boards = try #require(json["boards"] as? [[String: Any]])
            let boardRows = try Self.rows(db, "board_spend", year: year, category: cat, key: ["board"])
            #expect(!boards.isEmpty && boards.count == boardRows.count)
            for b in boards {
                #expect(
                    Self.ore(boardRows[b["name"] as? String ?? ""]?["amount_sek"] as Double?) == Self.ore(b["amount"]),
                    "\(b)")
            }
            let cells = try #require(json["board_by_subcategory"] as? [[String: Any]])
            let cellRows = try Self.rows(
                db, "board_subcategory_spend", year: year, category: cat, key: ["subcategory", "board"])
            #expect(!cells.isEmpty)
            for b in cells {
                let r = cellRows[(b["subcategory"] as? String ?? "") + "|" + (b["board"] as? String ?? "")]
                #expect(Self.ore(r?["amount_sek"] as Double?) == Self.ore(b["amount"]), "\(b)")
            }

            // the top suppliers under their most frequent names, with what they bought off contract
            let suppliers = try Self.rows(db, "supplier_spend", year: year, category: cat, key: ["supplier_key"])
            #expect(suppliers.count == json["suppliers"] as? Int)
            let top = try #require(json["top_suppliers"] as? [[String: Any]])
            #expect(top.count > 10)
            for t in top {
                let id = t["id"] as? String ?? "", name = t["name"] as? String ?? ""
                let r = try #require(
                    id.isEmpty
                        ? suppliers.values.first {
                            $0["supplier_name"] as String? == name && ($0["supplier_key"] as String).hasPrefix("namn:")
                        }
                        : suppliers[id], "\(t)")
                #expect(r["supplier_name"] as String == name, "\(t)")
                #expect(Self.ore(r["amount_sek"] as Double) == Self.ore(t["amount"]), "\(t)")
                #expect(
                    ((r["off_contract_sek"] as Double) == 0 && (r["amount_sek"] as Double) != 0)
                        == (t["on_contract"] as? Bool), "\(t)")
            }

            let loyalty = try #require(json["loyalty"] as? [String: Any])
            let l = try #require(
                try Row.fetchOne(
                    db, sql: "SELECT * FROM contract_loyalty WHERE year = ? AND category = ?", arguments: [year, cat]))
            #expect(Self.ore(l["on_contract_sek"] as Double) == Self.ore(loyalty["on_contract"]))
            #expect(Self.ore(l["off_contract_sek"] as Double) == Self.ore(loyalty["off_contract"]))
            #expect(
                abs((l["off_contract_share"] as Double) - ((loyalty["off_contract_share"] as? Double) ?? -1)) < 0.0005)

            let unclassified = try #require(json["unclassified"] as? [String: Any])
            #expect(
                try Int64.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(amount_ore), 0) FROM lines WHERE year = ? AND category = ?",
                    arguments: [year, RuleTable.unclassified]) == Self.ore(unclassified["amount"]))
            let rowsRead = try #require((json["rows"] as? [String: Int])?["accepted"])
            #expect(rowsRead > 200_000)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lines") == rowsRead)
            #expect(try String.fetchOne(db, sql: "SELECT value FROM run WHERE key = 'rows_accepted'") == "\(rowsRead)")
        }
    }

    @Test("the reference data set's database is sound and its lines are in file and line order")
    func referenceDatabaseIsSound() throws {
        let run = Self.reference
        #expect(run.code == 0, "\(run.err)")
        let q = try DatabaseQueue(path: run.out + "/spend.sqlite")
        defer { try? q.close() }
        try q.read { (db: Database) throws in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM (SELECT file_id, line, LAG(file_id) OVER () AS f, LAG(line) OVER () AS l FROM lines)
                        WHERE f > file_id OR (f = file_id AND l >= line)
                        """) == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM files") == 4)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT file_id) FROM lines") == 3)  // the re-export's rows are all duplicates
            // every dimension value is used, and each once
            for (table, column) in [
                ("suppliers", "supplier"), ("accounts", "account"), ("classes", "class"), ("places", "place"),
            ] {
                #expect(
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
                        == (try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT \(column)) FROM line_facts")))
            }
            #expect(
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM (SELECT DISTINCT supplier_key, supplier_id, supplier_name FROM suppliers)"
                )
                    == (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM suppliers")))
        }
    }

    // MARK: 2. the fast and the reference parser give the same database

    @Test(
        "odd rows, confidential lines, personnummer and a page-long description: the same bytes from both parsers, on any cut"
    )
    func oddRows() throws {
        let path = writeFile(oddDump)
        let o = analysisOptions([path])
        let reference = try sqliteDatabase(o, fast: false)
        let content = try sqliteContent(reference)
        #expect(content.contains { $0.contains("(sekretess)") } && !content.contains { $0.contains("7442") })
        #expect(content.contains { $0.contains("Lång beskrivning") })  // a row too big for a page, inserted by SQLite
        for threads in [1, 2] {
            #expect(bytes(try sqliteDatabase(o, fast: true, threads: threads)) == bytes(reference))
        }
        let size = oddDump.utf8.count
        for cut in stride(from: 0, through: size, by: 37) {
            #expect(
                bytes(try sqliteDatabase(o, fast: true, threads: 2, cuts: [cut])) == bytes(reference), "cut at \(cut)")
        }
        #expect(bytes(try sqliteDatabase(o, fast: true, threads: 4, cuts: [200, 400, 401, 900])) == bytes(reference))
    }

    @Test("each line's dates, number, voucher and description in the database are the input's, the page-long one too")
    func lineValues() throws {
        let o = analysisOptions([writeFile(oddDump)])
        let long = String(repeating: "Lång beskrivning av licenser ", count: 200).dropLast()
        // voucher: booking date, invoice date, invoice number, description
        let expected: [String: [String?]] = [
            "V1": ["2022-03-01", "2022-02-20", "A1", "Dator\nmed skärm"],
            "V1b": ["2022-03-01", nil, "A1", "Dator"],
            "V2": ["2022-09-01", "2022-08-30", "A2", "\"Citat\" och\nrad"],
            "V5": ["2021-02-01", nil, "T2", "(sekretess)"],
            "V15": ["2022-07-01", nil, "L1", String(long)],
            "V18": ["2022-07-02", nil, "U2", "sist"],
        ]
        for fast in [false, true] {
            let q = try DatabaseQueue(path: try sqliteDatabase(o, fast: fast, threads: fast ? 2 : 1))
            defer { try? q.close() }
            let rows = try q.read {
                try Row.fetchAll(
                    $0, sql: "SELECT voucher, booking_date, invoice_date, invoice_number, description FROM line_facts")
            }
            var seen: Set<String> = []
            for r in rows {
                let v: String? = r["voucher"]
                guard let v, let want = expected[v] else { continue }
                seen.insert(v)
                let got: [String?] = [r["booking_date"], r["invoice_date"], r["invoice_number"], r["description"]]
                #expect(got == want, "\(v), fast: \(fast)")
            }
            #expect(seen == Set(expected.keys), "fast: \(fast)")
        }
    }

    @Test("invoice numbers and vouchers that hold a personnummer are masked, kept apart and counted as in the reports")
    func numbersHoldingAPersonnummer() throws {
        // Numbers built from a date and a serial look like one (240315-0001); so does a sole trader's own number.
        var rows = [
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus"
        ]
        for i in 0..<60 {
            let number = i % 5 == 4 ? "790619-7442" : "24031500\(String(format: "%02d", i % 7))"
            let voucher = i % 6 == 5 ? "19790619\(i / 6 % 2 == 0 ? "7442" : "1234")" : "V\(i)"
            rows.append("\(number);\(voucher);2022-03-\(String(format: "%02d", i % 28 + 1));Atea;556036-0793;1100;54610;x;\(i + 1),00;OK")
        }
        // A NUL of the data's own, on a line whose voucher is masked and on one whose is not, stays as written.
        rows.append("N\u{0}UL;197906197442;2022-03-05;Atea;556036-0793;1100;54610;x;1,00;OK")
        rows.append("N\u{0}UL;V99;2022-03-05;Atea;556036-0793;1100;54610;x;1,00;OK")
        let dump = rows.joined(separator: "\n") + "\n"
        let o = analysisOptions([writeFile(dump)])
        let reference = try sqliteDatabase(o, fast: false)
        let data = try #require(bytes(reference))
        for path in [try sqliteDatabase(o, fast: true), try sqliteDatabase(o, fast: true, threads: 3, cuts: [900, 2500])] {
            #expect(bytes(path) == data)
        }
        let q = try DatabaseQueue(path: reference)
        defer { try? q.close() }
        let (numbers, vouchers, invoices) = try q.read { db in
            (
                // hex: a NUL inside a text would end a C string
                Set(try String.fetchAll(db, sql: "SELECT hex(invoice_number) FROM line_facts").map { hex in
                    let digits = Array(hex.utf8)
                    return String(decoding: stride(from: 0, to: digits.count, by: 2).map { i in
                        UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16)! }, as: UTF8.self)
                }),
                try String.fetchSet(db, sql: "SELECT voucher FROM line_facts"),
                try Int.fetchOne(db, sql: "SELECT invoices FROM supplier_spend WHERE year = 2022 AND category = 'IT'")
            )
        }
        #expect(numbers == Set(["240315****", "240315**** (2)", "240315**** (3)", "240315**** (4)", "240315**** (5)", "240315**** (6)", "240315**** (7)", "790619-****", "N\u{0}UL"]), "\(numbers)")
        #expect(vouchers.contains("19790619****") && vouchers.contains("19790619**** (2)"), "\(vouchers)")
        #expect(!vouchers.contains { $0.contains("7442") })
        #expect(invoices == 9)
    }

    @Test("a supplier name, cost centre or account longer than a page goes in whole, between the others")
    func dimensionLongerThanAPage() throws {
        let long = String(repeating: "Lång leverantör ", count: 300), kst = String(repeating: "7", count: 5000)
        let dump = """
            Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus
            A1;V1;2022-03-01;Atea;556036-0793;1100;54610;x;10,00;OK
            A2;V2;2022-03-02;\(long);;\(kst);54610;x;20,00;OK
            A3;V3;2022-03-03;Dustin;556703-7485;1100;\(kst);x;30,00;OK

            """
        let o = analysisOptions([writeFile(dump)])
        let reference = try sqliteDatabase(o, fast: false)
        #expect(bytes(try sqliteDatabase(o, fast: true)) == bytes(reference))
        let content = try sqliteContent(reference)
        #expect(content.contains { $0.contains(long.trimmingCharacters(in: .whitespaces)) })
        let q = try DatabaseQueue(path: reference)
        defer { try? q.close() }
        let (names, places, accounts, lines) = try q.read { db in
            (
                try String.fetchAll(db, sql: "SELECT supplier_name FROM suppliers ORDER BY id"),
                try String.fetchAll(db, sql: "SELECT cost_centre FROM places ORDER BY id"),
                try String.fetchAll(db, sql: "SELECT account FROM accounts ORDER BY id"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lines WHERE supplier_name IS NOT NULL AND cost_centre IS NOT NULL AND account IS NOT NULL")
            )
        }
        #expect(names.count == 3 && names[1].count > 4000 && places.contains(kst) && accounts.contains(kst))
        #expect(lines == 3)
    }

    @Test("a Windows-1252 byte late in the file drops the parallel attempt and its lines whole")
    func lateInvalidByte() throws {
        var b = Array(oddDump.utf8)
        b +=
            Array("L9;V20;2022-08-01;;Atea Sverige AB;556036-0793;1100;54610;Sk".utf8) + [0xE4]
            + Array("rm;9,00;SEK;;OK;N\r\n".utf8)
        let o = analysisOptions([writeFile(b)])
        let reference = try sqliteDatabase(o, fast: false)
        #expect(try sqliteContent(reference).contains { $0.contains("Skärm") })
        #expect(bytes(try sqliteDatabase(o, fast: true, threads: 2, cuts: [700])) == bytes(reference))
        #expect(bytes(try sqliteDatabase(o, fast: true, threads: 1)) == bytes(reference))
    }

    @Test(
        "random ledgers and rule tables, with flushes and per-column work: the same query results from both parsers",
        arguments: 1...6)
    func randomLedgers(seed: Int) throws {
        let l = KernelDifferentialTests.ledger(seed: UInt64(seed), accountSplit: seed % 3 == 0, withRules: seed != 5)
        let o = KernelDifferentialTests.options(l, withRules: seed != 5)
        let reference = try sqliteDatabase(o, fast: false)
        let content = try sqliteContent(reference)
        #expect(content.count > 100)
        #expect(try sqliteContent(try sqliteDatabase(o, fast: true, threads: 2)) == content)
        #expect(
            try sqliteContent(try sqliteDatabase(o, fast: true, threads: 1, subjectLimit: 7)) == content, "flushing")
        #expect(
            try sqliteContent(try sqliteDatabase(o, fast: true, threads: 1, subjectLimit: 5, bypassProbe: 3))
                == content, "both")
        #expect(
            try sqliteContent(try sqliteDatabase(o, fast: true, threads: 1, bypassProbe: 3, prefetchFrom: 0))
                == content, "batched")
        #expect(bytes(try sqliteDatabase(o, fast: true, threads: 2, cuts: [5000])) == bytes(reference))
    }

    @Test(
        "real-shaped ledgers (exclusions, status tables, pounds, totals rows): the same bytes from both parsers",
        arguments: 1...4)
    func realShapedLedgers(seed: Int) throws {
        let o = LedgerDifferentialTests.ledger(seed: UInt64(seed)).options
        let reference = try sqliteDatabase(o, fast: false)
        #expect(try sqliteContent(reference).count > 50)
        #expect(bytes(try sqliteDatabase(o, fast: true, threads: 2)) == bytes(reference))
    }

    @Test("the head of the reference ledger: the same bytes from both parsers")
    func referenceHead() throws {
        let data = Self.data
        let ledger = try #require(bytes(data + "/ledger/proceedo-2022.csv"))
        var end = 0
        for _ in 0..<6000 { end = ledger[end...].firstIndex(of: 0x0A)! + 1 }
        let head = writeFile([UInt8](ledger[..<end]))
        var o = analysisOptions([head, data + "/ledger/proceedo-omexport-2022-12.csv"], category: "IT och telekom")
        o.rules = data + "/regler.csv"; o.contracts = data + "/avtal.csv"; o.organisation = data + "/organisation.csv"
        let reference = try sqliteDatabase(o, fast: false)
        #expect(try sqliteContent(reference).count > 6000)
        #expect(bytes(try sqliteDatabase(o, fast: true, threads: 2)) == bytes(reference))
    }

    // MARK: 3. threads

    @Test("two and three threads give the database of one, byte for byte, on the reference ledger")
    func threads() throws {
        let data = Self.data
        var o = analysisOptions([data + "/ledger/proceedo-2022.csv"], category: "IT och telekom")
        o.rules = data + "/regler.csv"; o.contracts = data + "/avtal.csv"; o.organisation = data + "/organisation.csv"
        let one = try sqliteDatabase(o, fast: true, threads: 1)
        let content = try sqliteContent(one, lines: false)
        #expect(content.count > 500)
        let two = try sqliteDatabase(o, fast: true, threads: 2, cuts: [5 << 20])
        #expect(try sqliteContent(two, lines: false) == content)
        #expect(bytes(two) == bytes(one))
        #expect(bytes(try sqliteDatabase(o, fast: true, threads: 3, cuts: [1 << 20, 3 << 20])) == bytes(one))
    }

    @Test("spend run --threads 2 and --threads 1 publish the same database, and a second run leaves it unchanged")
    func threadsOnTheCommandLine() throws {
        let dir = tempDir()
        var rows = [
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus"
        ]
        for i in 0..<300 {
            rows.append(
                "F\(i / 3);V\(i);2022-0\(i % 9 + 1)-1\(i % 10);Atea Sverige AB;556036-0793;1100;54610;Dator \(i);\(i),50;OK"
            )
        }
        let dump = writeFile(rows.joined(separator: "\n") + "\n", name: "dump.csv", in: dir)
        func run(_ threads: Int, _ out: String) throws -> (Int32, String) {
            let r = try runSpend([
                "analyze", "--invoices", dump, "--rules", repoRoot + "/Fixtures/analysis/regler.csv", "--category",
                "IT",
                "--out", dir + "/" + out, "--format", "json,sqlite", "--threads", "\(threads)", "--verbose",
            ])
            return (r.code, r.err)
        }
        #expect(try run(2, "a").0 == 0)
        #expect(try run(1, "b").0 == 0)
        #expect(bytes(dir + "/a/spend.sqlite") == bytes(dir + "/b/spend.sqlite"))
        #expect(try sqliteContent(dir + "/a/spend.sqlite").filter { $0.contains("Dator") }.count == 600)
        let again = try run(2, "a")
        #expect(again.1.contains("unchanged, left as they were: 2022, spend.sqlite"), "\(again.1)")
    }
}
