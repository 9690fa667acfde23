import Foundation
import Testing

@testable import SpendKit

/// A personnummer in the analyst's own tables and arguments — category names, the rules' accounts, the contract
/// register's cells, the published figures, file names, a part and its keys, a usage error, `apportion` — reaches no
/// output, and the names still meet where they are keys.
@Suite struct PersonnummerTablesTests {
    static let anna = "\(PersonnummerTests.anna.prefix(6))-\(PersonnummerTests.anna.suffix(4))"
    static let bertil = PersonnummerTests.bertil
    static let head =
        "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus\n"

    /// Every file under `dir` (a part or keys file unzipped), and the texts given, hold none of the two numbers.
    static func expectNoNumber(in dir: String, _ texts: [(String, String)] = []) throws {
        var all = texts
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir) {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir + "/" + f, isDirectory: &isDir), !isDir.boolValue else {
                continue
            }
            all.append((f, String(decoding: try unzipped(dir + "/" + f), as: UTF8.self)))
        }
        for (name, text) in all {
            #expect(!text.contains(anna.suffix(4)) && !text.contains(bertil.suffix(4)), "\(name)")
        }
    }

    /// A file's bytes, a gzip file's unzipped.
    static func unzipped(_ path: String) throws -> [UInt8] {
        let src = try ByteSource(path: path)
        var out: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = try chunk.withUnsafeMutableBufferPointer({ try src.read(into: $0) }), n > 0 {
            out += chunk[0..<n]
        }
        return out
    }

    /// Category names, the rules' accounts, the register's types and Kraljic cells, the profile's and the published
    /// figures' names: masked in every output, and a category still meets its rules, contracts and lead times.
    @Test func categoriesAndTableCells() throws {
        let dir = tempDir(), a = Self.anna, b = Self.bertil
        let dump = writeFile(
            Self.head + "A1;V1;2024-03-01;Atea;556036-0793;1100;\(b);100,00;OK\n", name: "d.csv", in: dir)
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT \(a);HW \(a);;;\(b);;\n",
            name: "r.csv", in: dir)
        let contracts = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic
            K1;Avtal;556036-0793;Atea;IT \(a);HW \(a);2024-01-01;2024-12-31;;1000;typ \(a);standard

            """, name: "avtal.csv", in: dir)
        let config = writeFile(
            """
            [analysis]
            category = "IT \(a)"
            lead_time_months = { "HW \(a)" = 7 }

            """, name: "spend.toml", in: dir)
        let published = writeFile(
            "source = \"plan \(a)\"\n[2024]\nsupplier_mkr = { \"Atea \(a)\" = 0.1 }\n", name: "pub.toml", in: dir)
        let out = dir + "/out"
        let r = try runSpend([
            "analyze", "--config", config, "--invoices", dump, "--rules", rules, "--contracts", contracts, "--published",
            published, "--out", out, "--format", "json,csv,md,html,xlsx,sqlite",
        ])
        #expect(r.code == 0, "\(r.err)")
        let summary = try String(contentsOfFile: out + "/2024/summary.json", encoding: .utf8)
        #expect(summary.contains("\"total\": 100.00") && summary.contains("IT 790619-****"), "\(summary)")
        let loyalty = try String(contentsOfFile: out + "/2024/loyalty.csv", encoding: .utf8)
        #expect(loyalty.contains("100,00"), "the contract's category meets the rules': \(loyalty)")
        let reprocurement = try String(contentsOfFile: out + "/2024/reprocurement.csv", encoding: .utf8)
        #expect(reprocurement.contains(";7;"), "the lead time's subcategory meets the rules': \(reprocurement)")
        try Self.expectNoNumber(in: out, [("stderr", r.err)])
        // a kraljic cell that is none of the four kinds is an error, quoted masked
        let bad = writeFile(
            try String(contentsOfFile: contracts, encoding: .utf8).replacingOccurrences(of: ";standard", with: ";\(a)"),
            name: "avtal2.csv", in: dir)
        let refused = try runSpend(["analyze", "--config", config, "--invoices", dump, "--rules", rules, "--contracts", bad])
        #expect(refused.code == 65 && refused.err.contains("kraljic: '790619-****' is none of"), "\(refused.err)")
        #expect(!refused.err.contains(a))
    }

    /// A part and its keys file hold no personnummer: not in the embedded register, organisation map or published
    /// figures, not in a file's name; and the merged reports are those of one run.
    @Test func partsAndKeys() throws {
        let dir = tempDir(), a = Self.anna
        let dump = writeFile(
            Self.head + "A1;V1;2024-03-01;Anna Ek;\(a);1100;54610;100,00;OK\nA2;V2;2024-03-01;Atea;556036-0793;1100;54610;x;OK\n"
                + "A3;V3;2024-03-02;Atea;556036-0793;\(Self.bertil);54610;3,00;OK\n",  // an unmapped cost centre
            name: "faktura \(a).csv", in: dir)
        let b = "\(Self.bertil.prefix(6))-\(Self.bertil.suffix(4))"
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;*;;\n", name: "r.csv",
            in: dir)
        let contracts = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic
            \(a);Konsult;\(a);Anna Ek \(a);IT;;2024-01-01;2024-12-31;;1000;;
            \(PersonnummerTests.bertil);Konsult 2;\(PersonnummerTests.bertil);Bertil;IT;;2024-01-01;2024-12-31;;;;
            K 790619 2203010000;Tak;556036-0793;Atea;IT;;2024-01-01;2024-12-31;;1203150000;;

            """, name: "avtal \(a).csv", in: dir)
        // Cells a run keeps as written though they look like a personnummer masked (a cost-centre range, a
        // ceiling), an id that masked twice would change, a number spelled by a TOML escape and a bare key.
        // names that mask alike (published, förvaltningar) and a cost-centre code that is a personnummer
        let org = writeFile(
            "kst;forvaltning;namnd\n1100;Förv \(a);KS\n120301-120401;Teknik;TN\n;Förv \(a) x;KS\n;Förv \(b) x;TN\n\(a.filter(\.isNumber));Pnr;KS\n",
            name: "org.csv", in: dir)
        let published = writeFile(
            "source = \"plan 790619\\u002D\(a.suffix(4))\"\n[2024]\ntotal_mkr = 0.0001\nboard_percent = { \(a.filter(\.isNumber)) = 5 }\n"
                + "supplier_mkr = { \"X \(b) Z\" = 0.1, \"X \(a) A\" = 0.2, \"Anna \(a)\" = 0.1, \"Anna \(b)\" = 0.2 }\n",
            name: "pub.toml", in: dir)
        let tables = ["--rules", rules, "--contracts", contracts, "--org", org, "--published", published]
        let key = ["SPEND_PERSON_KEY": "the run's secret"]
        let one = try runSpend(
            ["analyze", "--invoices", dump] + tables + ["--out", dir + "/one", "--format", "json,csv,md", "--max-rejects", "1"],
            env: key)
        #expect(one.code == 0, "\(one.err)")
        let parts = dir + "/parts"
        try FileManager.default.createDirectory(atPath: parts, withIntermediateDirectories: true)
        let partial =
            ["partial", "--invoices", dump] + tables + [
                "--out", parts + "/p.part", "--emit-keys", parts + "/p.keys", "--format", "json,csv,md", "--max-rejects",
                "1",
            ]
        // Without a secret the part would name Anna by a hash anyone could reverse: refused, and no part written.
        let refused = try runSpend(partial)
        #expect(refused.code == 64 && refused.err.contains("SPEND_PERSON_KEY"), "\(refused.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parts).isEmpty)
        let p = try runSpend(partial, env: key)
        #expect(p.code == 0, "\(p.err)")
        try Self.expectNoNumber(in: parts, [("stderr", p.err)])
        let m = try runSpend(["merge", parts + "/p.part", "--out", dir + "/merged"])
        #expect(m.code == 0, "\(m.err)")
        for f in ["summary.json", "reprocurement.csv", "ceilings.csv", "avstamning.md", "suppliers.csv"] {
            let x = try String(contentsOfFile: dir + "/one/2024/" + f, encoding: .utf8)
            #expect(x == (try String(contentsOfFile: dir + "/merged/2024/" + f, encoding: .utf8)), "\(f)")
        }
        try Self.expectNoNumber(in: dir + "/merged")

        // A shard keyed with another secret would make Anna two suppliers: merge refuses it, naming both.
        let second = writeFile(Self.head + "B1;W1;2024-04-01;Anna Ek;\(a);1100;54610;5,00;OK\n", name: "d2.csv", in: dir)
        let shards = dir + "/shards"
        try FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
        for (i, (file, secret)) in [(dump, "one"), (second, "other")].enumerated() {
            let s = try runSpend(
                ["partial", "--invoices", file] + tables + [
                    "--out", shards + "/\(i).part", "--first-file", "\(i)", "--run-files", "2", "--max-rejects", "1",
                ], env: ["SPEND_PERSON_KEY": secret])
            #expect(s.code == 0, "\(s.err)")
        }
        let mixed = try runSpend(["merge", shards + "/0.part", shards + "/1.part", "--out", dir + "/mixed"])
        #expect(mixed.code == 65 && mixed.err.contains("different SPEND_PERSON_KEY secrets"), "\(mixed.err)")
    }

    /// The argument parser's messages, `apportion`'s table and a TOML parser's message quote what was given: masked.
    @Test func messagesAndApportion() throws {
        let dir = tempDir(), a = Self.anna
        let usage = try runSpend(["analyze", "--year", a])
        #expect(usage.code == 64 && usage.err.contains("790619-****") && !usage.err.contains(a), "\(usage.err)")
        let weights = writeFile("namn;vikt\nAnna Ek \(a);1\n\(PersonnummerTests.bertil);1\n", name: "w.csv", in: dir)
        let split = try runSpend(["apportion", "--amount", "1000", "--weights", weights])
        #expect(split.code == 0 && split.out.contains("Anna Ek 790619-****"), "\(split.out)")
        let config = writeFile(
            "[analysis]\nlead_time_months = { \"\(a)\" = 24, \"\(a)\" = 18 }\n", name: "spend.toml", in: dir)
        let toml = try runSpend(["analyze", "--config", config])
        #expect(toml.code == 64, "\(toml.err)")
        for (name, text) in [("usage", usage.err), ("apportion", split.out + split.err), ("toml", toml.err)] {
            #expect(!text.contains(a.suffix(4)) && !text.contains(PersonnummerTests.bertil.suffix(4)), "\(name): \(text)")
        }
    }

    /// Published figures written back as TOML for a part read back to the same figures, whatever their names hold.
    @Test func publishedFiguresRoundTrip() throws {
        typealias P = PublishedFigures
        let odd = "Q \"x\" \\ <&> \t\u{7F} é"
        let figures = P(
            source: "plan \"2022\"",
            figures: [
                .init(year: 2022, kind: .totalMkr, value: .init(scaled: 1631, decimals: 1)),
                .init(year: 2022, kind: .suppliers, value: .init(scaled: 195, decimals: 0)),
                .init(year: 2022, kind: .offContractPercent, value: .init(scaled: -5, decimals: 2)),
                .init(year: 2022, kind: .supplierMkr(odd), value: .init(scaled: 264, decimals: 1)),
                .init(year: 2022, kind: .boardInSubcategoryPercent(subcategory: "IT-hårdvara", board: odd), value: .init(scaled: 512, decimals: 1)),
                .init(year: 2021, kind: .boardPercent("KS"), value: .init(scaled: 7, decimals: 3)),
            ])
        let path = writeFile(figures.toml(), name: "p.toml")
        let back = try P.load(path, asWritten: true)
        #expect(back.source == figures.source)
        func key(_ f: P.Figure) -> String { "\(f.year) \(f.kind) \(f.value.scaled) \(f.value.decimals)" }
        #expect(back.figures.map(key).sorted() == figures.figures.map(key).sorted())
    }
}
