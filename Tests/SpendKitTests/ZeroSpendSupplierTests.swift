import Foundation
import GRDB
import Testing

@testable import SpendKit

/// SPEC §4: "Number of suppliers" counts identities with non-zero spend, in every scope a count is shown (the year,
/// each subcategory, years.csv, the reports, the database); and a supplier's `on_contract` never claims a contract
/// that no register shows: not without a register, not for a supplier whose spend nets to zero.
@Suite("Suppliers whose spend nets to zero")
struct ZeroSpendSupplierTests {
    /// Zed nets to zero in HW; Dan has 30 in Lic and −30 in HW (zero in the year, not in either subcategory); Bob and
    /// Alf (no org number: a name key) have spend. Zed's line in another category (zt) does not count in IT.
    static let ledger = """
        Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus
        A1;V1;2022-03-01;Zed;556036-0793;1100;54610;100;OK
        A2;V2;2022-03-01;Zed;556036-0793;1100;54610;-100;OK
        B1;V3;2022-03-01;Bob;556410-8917;1100;54610;50;OK
        C1;V4;2022-03-01;Alf;;1100;54610;50;OK
        D1;V5;2022-03-01;Dan;;1100;74311;30;OK
        D1;V6;2022-03-01;Dan;;1100;54610;-30;OK

        """
    static let onlyZero = """
        Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus
        A1;V1;2022-03-01;Zed;556036-0793;1100;54610;100;OK
        A2;V2;2022-03-01;Zed;556036-0793;1100;54610;-100;OK
        A3;V3;2022-03-01;Zed;556036-0793;1100;41000;100;OK

        """
    static let rules = """
        kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar
        IT;HW;;;546*;;
        IT;Lic;;;743*;;
        Other;Other;;;*;;

        """
    /// Contracts for Zed (whose spend nets to zero) and Bob, over the whole category.
    static let contracts = """
        avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic
        K1;Hårdvara;556036-0793;Zed;IT;;2022-01-01;2022-12-31;;;ramavtal;
        K2;Hårdvara;556410-8917;Bob;IT;;2022-01-01;2022-12-31;;;ramavtal;

        """

    struct Run {
        let out: String
        func json() throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/2022/summary.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        func text(_ name: String) throws -> String {
            try String(contentsOfFile: out + "/2022/" + name, encoding: .utf8)
                .replacingOccurrences(of: "\u{FEFF}", with: "").replacingOccurrences(of: "\u{A0}", with: " ")
        }
        /// A CSV table's rows without its header.
        func rows(_ name: String) throws -> [[String]] {
            try text(name).split(whereSeparator: \.isNewline).dropFirst().map {
                $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            }
        }
        /// The database's `category_spend.suppliers` for IT in 2022.
        func databaseSuppliers() throws -> Int? {
            let q = try DatabaseQueue(path: out + "/spend.sqlite")
            defer { try? q.close() }
            return try q.read {
                try Int.fetchOne($0, sql: "SELECT suppliers FROM category_spend WHERE year = 2022 AND category = 'IT'")
            }
        }
    }

    /// Runs `spend analyze` on `ledger` (no contract register unless `contracts`), by the fast path or libcsv.
    static func analyze(_ ledger: String, contracts: String? = nil, parser: String?) throws -> Run {
        let dir = tempDir()
        var args = [
            "analyze", "--rules", writeFile(rules, name: "regler.csv", in: dir), "--category", "IT",
            "--invoices", writeFile(ledger, name: "fakturor.csv", in: dir), "--out", dir + "/out",
            "--format", "json,csv,md,html,sqlite",
        ]
        if let contracts { args += ["--contracts", writeFile(contracts, name: "avtal.csv", in: dir)] }
        if let parser { args += ["--parser", parser] }
        let r = try runSpend(args)
        #expect(r.code == 0, "\(r.err)")
        return Run(out: dir + "/out")
    }

    /// The report files (every one but the database) of a run, by name.
    static func files(_ run: Run) throws -> [String: Data] {
        let dir = run.out + "/2022"
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where !name.hasSuffix(".sqlite") {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return out
    }

    @Test(
        "counts suppliers with non-zero spend in the year and in each subcategory, on both parsers",
        arguments: [nil, "libcsv"])
    func counts(parser: String?) throws {
        let run = try Self.analyze(Self.ledger, parser: parser)
        let json = try run.json()
        #expect(json["suppliers"] as? Int == 2)  // Bob, Alf: Zed and Dan net to zero
        let subs = try #require(json["subcategories"] as? [[String: Any]])
        #expect(subs.map { $0["name"] as? String } == ["HW", "Lic"])
        #expect(subs.map { $0["suppliers"] as? Int } == [3, 1])  // HW: Bob, Alf, Dan (−30); not Zed (0)
        #expect(try run.rows("subcategories.csv").map { [$0[0], $0[3]] } == [["HW", "3"], ["Lic", "1"]])
        #expect(try run.rows("years.csv").map { [$0[0], $0[5]] } == [["2022", "2"]])
        let md = try run.text("report.md")
        #expect(md.contains("| Leverantörer med spend | 2 |"), "\(md)")
        #expect(md.contains("| HW | 70 kr | 70,0 % | 3 |") && md.contains("| Lic | 30 kr | 30,0 % | 1 |"), "\(md)")
        #expect(try run.databaseSuppliers() == 2)

        let zero = try Self.analyze(Self.onlyZero, parser: parser)
        #expect(try zero.json()["suppliers"] as? Int == 0)
        #expect(try (zero.json()["subcategories"] as? [[String: Any]])?.map { $0["suppliers"] as? Int } == [0])
        #expect(try zero.databaseSuppliers() == 0)
    }

    @Test(
        "no register: no supplier is on contract, a supplier whose spend nets to zero neither",
        arguments: [nil, "libcsv"])
    func noRegister(parser: String?) throws {
        let run = try Self.analyze(Self.ledger, parser: parser)
        let top = try #require(try run.json()["top_suppliers"] as? [[String: Any]])
        #expect(top.map { $0["name"] as? String } == ["Alf", "Bob", "Dan", "Zed"])
        #expect(top.map { $0["on_contract"] as? Bool } == [false, false, false, false])
        #expect(
            try run.rows("suppliers.csv").map { [$0[2], $0[8]] } == [
                ["Alf", "nej"], ["Bob", "nej"], ["Dan", "nej"], ["Zed", "nej"],
            ])
        #expect(try !run.text("report.md").contains("| ja |"))
        // Figure 5 shows the largest: the two with spend, not the two netting to zero.
        let md = try run.text("report.md")
        #expect(md.contains("De 2 största leverantörerna 2022") && !md.contains("De 4 största"), "\(md)")
        #expect(!md.contains("| 3 | Dan |") && !md.contains("| 4 | Zed |"), "\(md)")
    }

    @Test(
        "with a register: on contract only with spend on contract; a contract supplier netting to zero is not",
        arguments: [nil, "libcsv"])
    func withRegister(parser: String?) throws {
        let run = try Self.analyze(Self.ledger, contracts: Self.contracts, parser: parser)
        let json = try run.json()
        let top = try #require(json["top_suppliers"] as? [[String: Any]])
        #expect(top.map { $0["name"] as? String } == ["Alf", "Bob", "Dan", "Zed"])
        #expect(top.map { $0["on_contract"] as? Bool } == [false, true, false, false])
        #expect(
            try run.rows("suppliers.csv").map { [$0[2], $0[8]] } == [
                ["Alf", "nej"], ["Bob", "ja"], ["Dan", "nej"], ["Zed", "nej"],
            ])
        #expect(json["suppliers"] as? Int == 2)
    }

    @Test("the fast path and the reference path write the same reports")
    func parsersAgree() throws {
        for contracts in [nil, Self.contracts] {
            for ledger in [Self.ledger, Self.onlyZero] {
                let fast = try Self.files(Self.analyze(ledger, contracts: contracts, parser: nil))
                #expect(fast.count > 5)
                #expect(try Self.files(Self.analyze(ledger, contracts: contracts, parser: "libcsv")) == fast)
            }
        }
    }
}
