import Foundation
import GRDB
import Testing

@testable import SpendKit

/// Inputs that once gave a wrong figure or hid why with exit 0 (issue: no silent wrong figures).
@Suite struct SilentFiguresTests {
    /// An open-data style ledger: no invoice number, no voucher.
    static let profile = """
        [fields]
        supplier_name = "Supplier"
        booking_date = "Date"
        account = "Expense Type"
        cost_centre = "Service"
        description = "Narrative"
        amount = "Amount"
        [format]
        decimal = "."
        """

    static func summary(_ dir: String, _ year: Int = 2022) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(year)/summary.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func csvLines(_ path: String) throws -> [Substring] {
        try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
    }

    @Test(arguments: ["fast", "libcsv"])
    func paymentsOfOneAmountInDifferentWeeksAreNotDuplicates(parser: String) throws {
        let dir = tempDir()
        let profile = writeFile(Self.profile, name: "p.toml", in: dir)
        let header = "Supplier,Date,Expense Type,Service,Narrative,Amount\n"
        // The same supplier, account, cost centre and amount in three weeks; dump 2 re-exports week 2.
        let d1 = writeFile(
            header
                + "ACME LTD,2022-03-01,4100,IT,Support March,500.00\nACME LTD,2022-03-08,4100,IT,Support March,500.00\n",
            name: "a.csv", in: dir)
        let d2 = writeFile(
            header
                + "ACME LTD,2022-03-08,4100,IT,Support March,500.00\nACME LTD,2022-03-15,4100,IT,Support March,500.00\n",
            name: "b.csv", in: dir)
        let out = dir + "/out"
        let r = try runSpend([
            "analyze", "--invoices", d1, d2, "--profile", profile, "--out", out, "--parser", parser, "--format",
            "json,csv",
        ])
        #expect(r.code == 0, "\(r.err)")
        let s = try Self.summary(out)
        let rows = try #require(s["rows"] as? [String: Int])
        #expect(rows["accepted"] == 3 && rows["duplicates"] == 1, "\(rows)")
        #expect((s["total"] as? NSNumber)?.doubleValue == 1500)
        // duplicates.csv names the dropped line and the line it repeats.
        let dups = try Self.csvLines(out + "/2022/duplicates.csv")
        #expect(dups.count == 2)
        #expect(dups.last?.contains("b.csv;2;repeats \(d1):3") == true, "\(dups)")
    }

    @Test(arguments: ["fast", "libcsv"])
    func linesThatCannotBeToldApartAreWarnedAbout(parser: String) throws {
        let dir = tempDir()
        let profile = writeFile(Self.profile, name: "p.toml", in: dir)
        let header = "Supplier,Date,Expense Type,Service,Narrative,Amount\n"
        let row = "ACME LTD,2022-03-01,4100,IT,Support,500.00\n"
        let d1 = writeFile(header + row + row, name: "a.csv", in: dir)
        let d2 = writeFile(header + "ACME LTD,2022-04-01,4100,IT,Support,500.00\n", name: "b.csv", in: dir)
        let r = try runSpend([
            "analyze", "--invoices", d1, d2, "--profile", profile, "--out", dir + "/out", "--parser", parser,
            "--format", "json",
        ])
        #expect(r.code == 0)
        #expect(r.err.contains("a.csv:3: 1 line has the same duplicate key"), "\(r.err)")
        #expect(r.err.contains("[duplicates] check = false"))
        // The profile can turn the check off.
        let off = writeFile(Self.profile + "\n[duplicates]\ncheck = false\n", name: "off.toml", in: dir)
        let d3 = writeFile(header + row, name: "c.csv", in: dir)
        let r2 = try runSpend([
            "analyze", "--invoices", d1, d3, "--profile", off, "--out", dir + "/out2", "--parser", parser, "--format",
            "json",
        ])
        #expect(r2.code == 0)
        #expect(r2.err.contains("3 rows read = 3 accepted + 0 rejected + 0 excluded + 0 duplicates"), "\(r2.err)")
    }

    /// A run of many monthly files whose lines repeat keys within each: three named, the others in one warning.
    @Test(arguments: ["fast", "libcsv"])
    func manyFilesWithRepeatedKeysWarnOnceForTheRest(parser: String) throws {
        let dir = tempDir()
        let profile = writeFile(Self.profile, name: "p.toml", in: dir)
        let header = "Supplier,Date,Expense Type,Service,Narrative,Amount\n"
        let files = (1...6).map { m in
            let row = "ACME LTD,2022-0\(m)-01,4100,IT,Support,500.00\n"
            return writeFile(header + row + row + (m == 6 ? row : ""), name: "m\(m).csv", in: dir)
        }
        let r = try runSpend(
            ["analyze", "--invoices"] + files + ["--profile", profile, "--out", dir + "/out", "--parser", parser, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        for m in 1...3 { #expect(r.err.contains("m\(m).csv:3: 1 line has the same duplicate key"), "\(r.err)") }
        #expect(!r.err.contains("m5.csv:"), "\(r.err)")
        #expect(r.err.contains("m4.csv:3 and 2 other files: 4 lines in all have the same duplicate key as an earlier line of their file"), "\(r.err)")
        #expect(r.err.components(separatedBy: "duplicate key").count == 5, "\(r.err)")
    }

    @Test(arguments: ["fast", "libcsv"])
    func totalsAndBlankRowsAreExcludedNotCounted(parser: String) throws {
        let dir = tempDir()
        let profile = writeFile(
            """
            [fields]
            supplier_name = "Supplier"
            account = "Account"
            amount = "Amount"
            [format]
            decimal = "."
            period = "2022-03"
            """, name: "p.toml", in: dir)
        let dump = writeFile(
            """
            Supplier,Account,Amount
            ACME LTD,4100,100.00
            ACME LTD,4100,200.00
            ,,
            BETA LTD,4200,50.00
            ,,
            Grand Total,,350.00
            """ + "\n", name: "m.csv", in: dir)
        let out = dir + "/out"
        let r = try runSpend([
            "analyze", "--invoices", dump, "--profile", profile, "--out", out, "--parser", parser, "--format",
            "json,csv",
        ])
        #expect(r.code == 0, "\(r.err)")
        let s = try Self.summary(out)
        #expect((s["total"] as? NSNumber)?.doubleValue == 350)
        #expect(s["suppliers"] as? Int == 2)
        #expect(
            s["rows"] as? [String: Int] == ["read": 6, "accepted": 3, "rejected": 0, "excluded": 3, "duplicates": 0])
        let excluded = try Self.csvLines(out + "/2022/excluded.csv").joined(separator: "\n")
        #expect(
            excluded.contains("m.csv;4;blank row") && excluded.contains("m.csv;7;totals row 'Grand Total'"),
            "\(excluded)")
    }

    /// A label and words (`Total Hygiene Ltd`, a subtotal `Summa Atea Sverige AB`) on a row with nothing else to
    /// tell it by is excluded with a warning naming it, never counted: a subtotal counted would double its supplier.
    @Test(arguments: ["fast", "libcsv"])
    func labelAndWords(parser: String) throws {
        let dir = tempDir()
        let profile = writeFile(
            "[fields]\nsupplier_name = \"Supplier Name\"\namount = \"Total\"\n[format]\ndecimal = \".\"\nperiod = \"2022-05\"\n",
            name: "p.toml", in: dir)
        let dump = writeFile(
            "Supplier Name,Total\nAtea Sverige AB,100.00\nAtea Sverige AB,200.00\nSumma Atea Sverige AB,300.00\n"
                + "Totalförsvarets forskningsinstitut,3.00\nTotal Hygiene Ltd,564.00\nTotal 2022:,867.00\n"
                + "Grand Total,867.00\n", name: "m.csv", in: dir)
        let out = dir + "/out"
        let r = try runSpend([
            "analyze", "--invoices", dump, "--profile", profile, "--out", out, "--parser", parser, "--format",
            "json,csv",
        ])
        #expect(r.code == 0, "\(r.err)")
        #expect((try Self.summary(out)["total"] as? NSNumber)?.doubleValue == 303)
        let excluded = try Self.csvLines(out + "/2022/excluded.csv")
        #expect(
            excluded.dropFirst() == [
                "\(dump);4;totals row 'Summa Atea Sverige AB'", "\(dump);6;totals row 'Total Hygiene Ltd'",
                "\(dump);7;totals row 'Total 2022:'", "\(dump);8;totals row 'Grand Total'",
            ], "\(excluded)")
        #expect(
            r.err.contains("m.csv:4: 2 rows were excluded as totals rows whose label goes on with words ('Summa Atea Sverige AB', …)"),
            "\(r.err)")
    }

    /// A contract that names its supplier by name alone covers the lines of that name whatever id they carry (all
    /// counted off contract before, exit 0), its contract references included, in the database as in the reports.
    @Test(arguments: ["fast", "libcsv"])
    func contractByNameAlone(parser: String) throws {
        let dir = tempDir()
        let header =
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Avtal;Nettobelopp på konteringsrad;Huvudstatus"
        let dump = writeFile(
            [
                header, "1;V1;2022-03-01;Atea Sverige AB;556448-0282;1100;54610;A1;100000;OK",
                "2;V2;2022-03-02;ATEA SVERIGE AB;556448-0282;1100;54610;;5000;OK",
                "3;V3;2022-03-03;Tele2 Sverige AB;556267-5164;1100;54610;A1;20000;OK",
            ].joined(separator: "\n") + "\n", name: "d.csv", in: dir)
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;54610;;\n",
            name: "r.csv", in: dir)
        let contracts = writeFile(
            "avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till\n"
                + "A1;Datorer;;Atea Sverige AB;IT;;2021-01-01;2023-12-31\n", name: "a.csv", in: dir)
        let out = dir + "/out"
        let r = try runSpend([
            "analyze", "--invoices", dump, "--rules", rules, "--contracts", contracts, "--category", "IT", "--out", out,
            "--parser", parser, "--format", "json,csv,sqlite",
        ])
        #expect(r.code == 0, "\(r.err)")
        let loyalty = try #require(Self.summary(out)["loyalty"] as? [String: Any])
        #expect((loyalty["on_contract"] as? NSNumber)?.doubleValue == 105_000)
        #expect((loyalty["off_contract"] as? NSNumber)?.doubleValue == 20_000)
        let refs = try Self.csvLines(out + "/2022/contract_refs.csv").joined(separator: "\n")
        #expect(refs.contains("giltigt avtal;100000,00") && refs.contains("annan leverantörs avtal;20000,00"), "\(refs)")
        let db = try DatabaseQueue(path: out + "/spend.sqlite")
        let onContract = try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM lines WHERE contract_id = 'A1'") }
        #expect(onContract == 2)
    }

    @Test func totalsRowAfterAnAcceptedRowOfTheSameSubjectIsStillExcluded() throws {
        let dir = tempDir()
        let profile = writeFile(
            """
            [fields]
            supplier_name = "Supplier"
            amount = "Amount"
            [format]
            period = "2022-03"
            """, name: "p.toml", in: dir)
        let dump = writeFile(
            "Label;Supplier;Amount\nx;BETA;1,00\n;ACME;5,00\nTotal;ACME;5,00\n", name: "m.csv", in: dir)
        let out = dir + "/out"
        let r = try runSpend(["analyze", "--invoices", dump, "--profile", profile, "--out", out, "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let s = try Self.summary(out)
        #expect((s["total"] as? NSNumber)?.doubleValue == 6)
    }

    @Test func aRunFailingOnRejectsTellsWhy() throws {
        let dir = tempDir()
        // A new profile without date_format: every DD/MM/YYYY date is rejected.
        let profile = writeFile(
            "[fields]\nsupplier_name = \"Supplier\"\nbooking_date = \"Date\"\namount = \"Amount\"\n", name: "p.toml",
            in: dir)
        let dump = writeFile(
            "Supplier;Date;Amount\n" + (1...30).map { "S\($0);0\($0 % 9 + 1)/03/2022;\($0),00" }.joined(separator: "\n")
                + "\nS;2022-03-01;12x\n", name: "d.csv", in: dir)
        let out = dir + "/Reports"
        let r = try runSpend(["analyze", "--invoices", dump, "--profile", profile, "--out", out, "--format", "json"])
        #expect(r.code == 65)
        #expect(r.err.contains("30 × booking date does not parse: '…' ([format] date_format = \"DD/MM/YYYY\" reads it, if that is how the file writes dates) (first: \(dump):2, '02/03/2022')"), "\(r.err)")
        #expect(r.err.contains("1 × amount"), "\(r.err)")
        #expect(r.err.contains(out + "/failed/rejects.csv"))
        let kept = try Self.csvLines(out + "/failed/rejects.csv")
        #expect(kept.count == 32)
        #expect(!FileManager.default.fileExists(atPath: out + "/2022"))
    }

    @Test func noAcceptedRowIsExit65() throws {
        let dir = tempDir()
        let header =
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus\n"
        let allBad = writeFile(
            header + "A1;V1;2022-13-01;Atea;556036-0793;1100;54610;1000,00;OK\n", name: "bad.csv", in: dir)
        let r = try runSpend(["analyze", "--invoices", allBad, "--out", dir + "/out", "--max-rejects", "1"])
        #expect(r.code == 65)
        #expect(r.err.contains("no row accepted of 1 read (1 rejected, 0 excluded)"), "\(r.err)")
        #expect(r.err.contains("1 × booking date does not parse"), "\(r.err)")
        let empty = writeFile(header, name: "empty.csv", in: dir)
        let e = try runSpend(["analyze", "--invoices", empty, "--out", dir + "/out"])
        #expect(e.code == 65)
        #expect(e.err.contains("no rows in the input"), "\(e.err)")
    }

    @Test func reasonKindsIgnoreQuotedValues() {
        #expect(FailedRun.kind(of: "amount does not parse: '12x'") == "amount does not parse: '…'")
        #expect(FailedRun.kind(of: "expected 9 fields, found 3") == "expected 9 fields, found 3")
        let issues = RowIssues([
            RowIssue(file: "f", line: 2, reason: "a: '1'"), RowIssue(file: "f", line: 3, reason: "b"),
            RowIssue(file: "f", line: 4, reason: "a: '2'"),
        ])
        #expect(FailedRun.summary(issues) == ["2 × a: '…' (first: f:2, '1')", "1 × b (first: f:3)"])
        // Many rows with more fields than the header names: the header may leave a column without a name.
        let wide = RowIssues((2..<14).map { RowIssue(file: "n.csv", line: $0, reason: "expected 10 fields, found 11") })
        #expect(FailedRun.summary(wide) == [
            "12 × expected 10 fields, found 11 (first: n.csv:2); if the header leaves a column without a name, give it one, and the rows read"
        ])
        let short = RowIssues((2..<14).map { RowIssue(file: "n.csv", line: $0, reason: "expected 10 fields, found 9") })
        #expect(FailedRun.summary(short) == ["12 × expected 10 fields, found 9 (first: n.csv:2)"])
    }
}
