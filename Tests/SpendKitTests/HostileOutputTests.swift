import Foundation
import Testing

@testable import SpendKit

/// Issue 20 case 9: text from the data never becomes markup, a control character or a bidi override in any output.
@Suite struct HostileOutputTests {
    /// The supplier name of the issue: a script tag, a pipe, a line break, a right-to-left override and a NUL.
    static let hostileName = "<script>alert(1)</script> | A\nB\u{202E}X\u{0}Y"
    /// What every text output shows of it: the line break a blank, the override gone, the NUL a U+FFFD.
    static let cleanedName = "<script>alert(1)</script> | A BX\u{FFFD}Y"

    @Test(
        "Fmt.clean: controls made visible, line breaks a blank, bidi controls dropped",
        arguments: [
            ("plain Åre kommun", "plain Åre kommun"),
            ("a\u{0}b", "a\u{FFFD}b"),
            ("a\tb", "a\tb"),
            ("a\nb\rc\r\nd", "a b c d"),
            ("a\u{7}\u{1B}[31mb\u{7F}c\u{85}d\u{9B}e", "a\u{FFFD}\u{FFFD}[31mb\u{FFFD}c d\u{FFFD}e"),
            ("\u{202E}gpj.exe\u{202C}", "gpj.exe"),
            (
                "a\u{202A}b\u{202B}c\u{202D}d\u{2066}e\u{2067}f\u{2068}g\u{2069}h\u{200E}i\u{200F}j\u{61C}k",
                "abcdefghijk"
            ),
            ("a\u{2028}b\u{2029}c", "a b c"),
            ("–−… 1\u{A0}000\u{202F}kr", "–−… 1\u{A0}000\u{202F}kr"),
        ])
    func clean(_ input: String, _ expected: String) {
        #expect(Fmt.clean(input) == expected)
    }

    @Test(
        "Fmt.markdown: renders as itself and keeps a table's columns",
        arguments: [
            ("Atea Sverige AB", "Atea Sverige AB"),
            ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
            ("a|b", "a\\|b"),
            ("*x* _y_ `z` [l](u) ~~s~~ #h \\", "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~\\~s\\~\\~ \\#h \\\\"),
            ("AT&T &#60; &amp;", "AT\\&T \\&\\#60; \\&amp;"),
            ("Martin & Servera AB", "Martin & Servera AB"),
            ("- list", "\\- list"),
            ("+ list", "\\+ list"),
            ("= setext", "\\= setext"),
            ("1986. Bolaget", "1986\\. Bolaget"),
            ("3) x", "3\\) x"),
            ("Bolaget 1986. AB", "Bolaget 1986. AB"),
            ("A-B", "A-B"),
            ("a\nb", "a b"),
            ("x\u{202E}y\u{0}", "xy\u{FFFD}"),
        ])
    func markdown(_ input: String, _ expected: String) {
        #expect(Fmt.markdown(input) == expected)
    }

    @Test("a JSON string is clean and inert in HTML, and decodes to the cleaned text")
    func json() throws {
        let q = JSONOut.quote(Self.hostileName)
        #expect(!q.contains("<") && !q.contains(">") && !q.contains("\u{202E}") && !q.contains("\u{0}"))
        let back = try JSONSerialization.jsonObject(with: Data("[\(q)]".utf8)) as? [String]
        #expect(back == [Self.cleanedName])
    }

    @Test(
        "a JSON string copied whole when nothing needs escaping is the one escaped a scalar at a time",
        arguments: [
            "Atea Sverige AB", "Åkes Él & Söner", "<b>", "a>b", "\"citat\"", "back\\slash", "tab\there", "rad\nny",
            "cr\r\nlf", "x\u{2028}y", "nul\u{0}", "\u{202E}rtl", "", "ok ✓ 😀", "&amp;",
        ])
    func quoteCopiesPlainText(_ s: String) throws {
        #expect(JSONOut.quote(s) == JSONOut.escaped(Fmt.clean(s)))
        let back = try JSONSerialization.jsonObject(with: Data("[\(JSONOut.quote(s))]".utf8)) as? [String]
        #expect(back == [Fmt.clean(s)])
    }

    @Test("an xlsx cell holds at most Excel's 32 767 characters (UTF-16 units), cut at a character with …")
    func xlsxCellLimit() {
        #expect(XLSXFormat.fitting("Atea") == "Atea")
        let exact = String(repeating: "a", count: XLSXFormat.cellLimit)
        #expect(XLSXFormat.fitting(exact) == exact)
        for s in [String(repeating: "Å", count: 40_000), String(repeating: "😀", count: 20_000)] {
            let cut = XLSXFormat.fitting(s)
            #expect(cut.utf16.count <= XLSXFormat.cellLimit && cut.hasSuffix("…") && s.hasPrefix(cut.dropLast()))
        }
        let row = XLSXFormat.row(2, [.text(String(repeating: "x", count: 40_000))], header: false)
        #expect(row.count < 33_000)
    }

    @Test("CSV: the cell is cleaned before it is defused, so an override cannot hide a formula")
    func csvDefusesAfterCleaning() {
        var w = CSVWriter(header: ["a"])
        w.row([.text("\u{202E}=1+1"), .text("\u{0}@x")])
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text.hasSuffix("'=1+1;\u{FFFD}@x\r\n"))
    }

    /// The name as the largest supplier, with hostile subcategory, board and published-source names, through
    /// `spend analyze --format json,csv,md,html,xlsx`.
    @Test("every format of spend analyze on hostile names")
    func endToEnd() throws {
        let dir = tempDir()
        let dump =
            [
                "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus",
                "S1;V1;2022-03-01;\"\(Self.hostileName)\";556036-0793;1100;54610;5000,00;OK",
                "S2;V2;2022-03-02;<img src=x onerror=alert(1)>;556410-8917;2100;74311;900,00;OK",
                "S3;V3;2022-03-03;\u{202E}@SUM(1+2);;1100;74311;800,00;OK",
                "S4;V4;2022-03-04;Vanlig AB;;2100;54610;100,00;OK",
            ].joined(separator: "\r\n") + "\r\n"
        _ = writeFile(dump, name: "dump.csv", in: dir)
        _ = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;Hård|vara <i>*x*</i>\u{202E};;;54610;;\nIT;- [lic](u) #1;;;74311;;\n",
            name: "regler.csv", in: dir)
        _ = writeFile(
            "kst;forvaltning;namnd\n1000-1999;KSF;KS|<b>_x_</b>\u{2066}\n2*;GRF;`GR` ~~x~~\n", name: "org.csv", in: dir)
        _ = writeFile("source = \"<script>x</script>|\u{202E}\"\n[2022]\ntotal_mkr = 9\n", name: "pub.toml", in: dir)
        let r = try runSpend(
            [
                "analyze", "--invoices", "dump.csv", "--rules", "regler.csv", "--org", "org.csv", "--published",
                "pub.toml",
                "--category", "IT", "--out", "out", "--format", "json,csv,md,html,xlsx",
            ], cwd: dir)
        #expect(r.code == 0, "\(r.err)")
        let year = dir + "/out/2022/"
        let files = try FileManager.default.contentsOfDirectory(atPath: year).sorted()
        #expect(files.count == 31)
        let bidi: [Unicode.Scalar] =
            ["\u{200E}", "\u{200F}", "\u{61C}"] + (0x202A...0x202E).map { Unicode.Scalar($0)! }
            + (0x2066...0x2069).map { Unicode.Scalar($0)! }
        for f in files {
            let bytes = try #require(FileManager.default.contents(atPath: year + f))
            let text = String(decoding: bytes, as: UTF8.self)
            // the workbook is a zip (headers hold zero bytes): its XML must not hold the NUL of the name
            #expect(
                f.hasSuffix(".xlsx") ? !text.contains("X\u{0}Y") && text.contains("X\u{FFFD}Y") : !bytes.contains(0),
                "\(f) holds a NUL")
            #expect(!text.unicodeScalars.contains { bidi.contains($0) }, "\(f) holds a bidi control")
            if f.hasSuffix(".csv") {
                // CSV is data, not markup: the name stays as it is, cleaned; a formula is defused
                if f == "suppliers.csv" {
                    #expect(text.contains(";\(Self.cleanedName);"))
                    #expect(text.contains(";'@SUM(1+2);"))
                }
            } else {
                #expect(!text.lowercased().contains("<script"), "\(f) holds a script tag")
                // bilaga3.html shows its own pictures, bild-N.svg; no other img
                #expect(
                    !text.lowercased().replacingOccurrences(of: "<img src=\"bild-", with: "").contains("<img"),
                    "\(f) holds an img tag")
                #expect(!text.contains("<i>") && !text.contains("<b>"), "\(f) holds a tag from a subcategory or board")
            }
        }
        for f in ["report.md", "bilaga3.md"] {
            let md = try String(contentsOfFile: year + f, encoding: .utf8)
            #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| A BX\u{FFFD}Y"), "\(f)")
            #expect(Self.tablesKeepTheirColumns(md), "\(f)")
        }
        let html = try String(contentsOfFile: year + "report.html", encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | A BX\u{FFFD}Y"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: year + "summary.json")))
                as? [String: Any])
        let top = try #require(json["top_suppliers"] as? [[String: Any]])
        #expect(top.first?["name"] as? String == Self.cleanedName)
    }

    /// Every Markdown table (a run of lines starting with `|`) has the same number of unescaped pipes on each line.
    static func tablesKeepTheirColumns(_ md: String) -> Bool {
        var expected: Int?
        var tables = 0
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { expected = nil; continue }
            var pipes = 0, escaped = false
            for ch in line {
                if escaped { escaped = false; continue }
                if ch == "\\" { escaped = true } else if ch == "|" { pipes += 1 }
            }
            if let e = expected { if e != pipes { return false } } else { expected = pipes; tables += 1 }
        }
        return tables > 0
    }
}
