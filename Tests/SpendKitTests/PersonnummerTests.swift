import Foundation
import GRDB
import Testing

@testable import SpendKit

/// A sole trader's personnummer in every spelling is one supplier, shown masked, and its digits reach no output.
@Suite struct PersonnummerTests {
    /// Ten digits YYMMDDNNNC with a valid check digit.
    static func personnummer(_ yymmdd: String, _ nnn: String) -> String {
        let nine = (yymmdd + nnn).compactMap { $0.wholeNumberValue }
        var sum = 0
        for (i, x) in nine.enumerated() { var v = x * (i % 2 == 0 ? 2 : 1); if v > 9 { v -= 9 }; sum += v }
        return yymmdd + nnn + String((10 - sum % 10) % 10)
    }

    /// Every spelling of `d` (ten digits) that SPEC §3.1 allows, century `cc`.
    static func spellings(_ d: String, century cc: String = "19") -> [String] {
        let b = String(d.prefix(6)), t = String(d.suffix(4))
        let parts = (b.prefix(2), b.dropFirst(2).prefix(2), b.suffix(2))
        let fullWidth = String(
            (b + "-" + t).unicodeScalars.map { s -> Character in
                if let v = s.properties.numericType != nil ? Int(String(s)) : nil {
                    return Character(Unicode.Scalar(0xFF10 + UInt32(v))!)
                }
                return "\u{FF0D}"
            })
        return [
            d, "\(b)-\(t)", "\(b)+\(t)", "\(cc)\(b)-\(t)", "\(cc)\(d)", "SE\(d)01", "SE\(d)", "se\(d)01", "SE \(d) 01",
            "SE\(b)-\(t)01", "SE-\(b)-\(t)-01", "\(d)01", "\(b) \(t)", " \(b)-\(t) ", "\(b)\u{2013}\(t)",
            "\(b)\u{2212}\(t)",
            "\(b)/\(t)", "0\(d)", "0\(b)-\(t)", fullWidth, "\(b)-\(t).", "\(b)-\(t)/", "\(cc)\(b) \(t)", "\(cc)\(d)01",
            "\(b)  -  \(t)", "SE\(cc)\(d)01", "\(cc)\(parts.0)-\(parts.1)-\(parts.2)-\(t)",
            "\(parts.0) \(parts.1) \(parts.2)-\(t)",
        ]
    }

    static let anna = personnummer("790619", "744")
    static let bertil = personnummer("790619", "123")  // born the same day
    static let cecilia = personnummer("200315", "456")  // born in a year 20: century and VAT forms look alike

    @Test(arguments: spellings(anna))
    func everySpellingIsOneMaskedPerson(_ spelled: String) throws {
        let id = try #require(SupplierID.parse(spelled), "\(spelled) gave no id")
        #expect(id == SupplierID.parse(Self.anna), "\(spelled)")
        #expect(id.display == "790619-****")
        #expect(
            !SupplierKey.of(id, name: "Anna Ek").display.contains("7442")
                && !"\(SupplierKey.of(id, name: "Anna Ek"))".contains("7442"))
    }

    @Test(arguments: spellings(cecilia, century: "20"))
    func spellingsOfA2020sBirth(_ spelled: String) throws {
        let id = try #require(SupplierID.parse(spelled), "\(spelled) gave no id")
        #expect(id == SupplierID.parse(Self.cecilia), "\(spelled)")
        #expect(id.display == "200315-****")
    }

    @Test func soleTradersBornOnOneDayStayApart() {
        let a = SupplierID.parse(Self.anna)!, b = SupplierID.parse(Self.bertil)!
        #expect(a != b)
        #expect(a.display == b.display)
        #expect(SupplierKey.of(a, name: "X") != SupplierKey.of(b, name: "X"))
        // Already masked: the name tells them apart.
        #expect(
            SupplierKey.of(SupplierID.parse("790619-****"), name: "Anna Ek")
                != SupplierKey.of(SupplierID.parse("790619-****"), name: "Bertil Ek"))
    }

    @Test func personnummerInsideTextIsMasked() {
        #expect(PersonalData.masked("Anna Ek 790619-7442 enskild firma") == "Anna Ek 790619-**** enskild firma")
        #expect(PersonalData.masked("Anna Ek 197906197442") == "Anna Ek 19790619****")
        #expect(PersonalData.masked("Atea 556036-0793") == "Atea 556036-0793")
        #expect(PersonalData.masked("Faktura 12345") == "Faktura 12345")
    }

    /// Every spelling an id may have is masked inside a name or a description too, with its check the fast path trusts.
    @Test(arguments: spellings(anna) + spellings(cecilia, century: "20"))
    func everySpellingIsMaskedInText(_ spelled: String) {
        let text = "Nils AB \(spelled) enskild firma", masked = PersonalData.masked(text)
        // Full-width digits read as ASCII, so their tail is looked for too.
        let ascii = String(
            masked.unicodeScalars.map { s -> Character in
                (0xFF10...0xFF19).contains(s.value) ? Character(Unicode.Scalar(s.value - 0xFF10 + 0x30)!) : Character(s)
            })
        for tail in [Self.anna.suffix(4), Self.cecilia.suffix(4)] {
            #expect(!ascii.contains(tail), "\(spelled) → \(masked)")
        }
        #expect(Array(text.utf8).withUnsafeBufferPointer(PersonalData.mayHold))
    }

    /// Spellings the id parser reads that text may hold too: thin and narrow blanks, a tab,
    /// a lost zero with a dash, blanks around a dash.
    @Test(arguments: [
        "790619\u{202F}7442", "790619\u{2009}7442", "790619\t7442",
        "790619\u{3000}7442", "790619\u{FF0F}7442", "790619  \u{2013}  7442", "x (xxxxxxxxx790619-7442)",
        // invisible characters and a quoted field's line break between the parts
        "790619\u{00AD}7442", "790619\u{2060}7442", "790619\u{FEFF}7442", "790619\u{2007}7442", "790619\u{FE63}7442",
        "790619\u{0}7442", "790619\n7442", "790619\r\n7442", "790619-\n7442", "1979-06-19\u{00AD}7442",
        "790619\u{2028}7442", "790619\u{85}7442", "790619\u{0B}7442",
    ])
    func moreSpellingsInText(_ spelled: String) {
        let masked = PersonalData.masked("Anna \(spelled) AB")
        #expect(!masked.contains("7442") && masked.contains("****"), "\(spelled) → \(masked)")
        #expect(PersonalData.masked("Eva 50619-7442 AB").contains("****") == SupplierID.luhn([0, 5, 0, 6, 1, 9, 7, 4, 4, 2]))
    }

    /// A sole trader known by an id on some lines and by a name holding the number on others is one supplier; a rule
    /// on the id holds only where the id is, and `explain` shows both classifications, not the first line's for all.
    @Test func soleTraderByIdAndByName() throws {
        let dir = tempDir(), d = "\(Self.anna.prefix(6))-\(Self.anna.suffix(4))"
        let dump = writeFile(
            """
            Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus;Köpet avser
            N1;V1;2024-03-01;Anna Ek \(d);;100;7000;100,00;OK;d
            N2;V2;2024-03-02;Anna Ek;\(d);100;7000;100,00;OK;d
            N3;V3;2024-03-03;Anna Ek \(d);NULL;100;7000;100,00;OK;d

            """, name: "dump.csv", in: dir)
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;Pers;\(d);;;;\nOther;Other;;;*;;\n",
            name: "regler.csv", in: dir)
        let e = try runSpend(["explain", "--invoices", dump, "--rules", rules, "--category", "IT", "--supplier", d])
        #expect(e.code == 0, "\(e.err)")
        #expect(e.out.hasPrefix("supplier 790619-**** Anna Ek 790619-****: 3 lines, 300 kr"), "\(e.out)")
        #expect(e.out.contains("2 lines, 200 kr → Other / Other") && e.out.contains("1 line, 100 kr → IT / Pers"), "\(e.out)")
        #expect(!e.out.contains("7442"))
        let r = try runSpend(["analyze", "--invoices", dump, "--rules", rules, "--category", "IT", "--out", dir + "/out", "--format", "csv"])
        #expect(r.code == 0, "\(r.err)")
        let suppliers = try String(contentsOfFile: dir + "/out/2024/suppliers.csv", encoding: .utf8)
        #expect(suppliers.split(whereSeparator: \.isNewline).count == 2, "\(suppliers)")  // the header and one supplier
    }

    /// An id the parser reads as no number of its own but which holds a personnummer is that sole trader's.
    @Test func otherIDHoldingAPersonnummer() {
        #expect(SupplierID.parse("DK12345678 \(Self.anna.prefix(6))-\(Self.anna.suffix(4))") == SupplierID.parse(Self.anna))
    }

    /// A birth date in parts, then a dash or `+` and four digits with a valid check digit, is a personnummer in text as
    /// in the id column; with a blank before the four, or a wrong check digit, it is a date and a number.
    @Test(arguments: [
        ("Anna Ek 1979-06-19-7442 AB", "Anna Ek 1979-06-19-**** AB"), ("79 06 19-7442", "79 06 19-****"),
        ("79-06-19+7442", "79-06-19+****"), ("född 2020-03-15\u{2013}\(cecilia.suffix(4))", "född 2020-03-15\u{2013}****"),
        ("Leverans 2022-03-15 1234 st", "Leverans 2022-03-15 1234 st"),
        ("Leverans 2022-03-15-1235 st", "Leverans 2022-03-15-1235 st"), ("1979-13-19-7442", "1979-13-19-7442"),
    ])
    func dateInPartsAndFourDigits(_ text: String, _ expected: String) {
        #expect(PersonalData.masked(text) == expected)
        #expect(Array(text.utf8).withUnsafeBufferPointer(PersonalData.mayHold) == (expected != text))
        if expected != text, text.hasPrefix("Anna") { #expect(SupplierID.parse("1979-06-19-7442") == SupplierID.parse(Self.anna)) }
    }

    /// Ten digits (twelve from 19 or 20) however cut are masked in free text when they spell a birth date and hold
    /// their check digit, but a date in parts and a number (a tester's 180 spellings of one number leaked where the
    /// cut was not between the date and the last four; a reviewer's every cut of two numbers into up to four parts).
    @Test(arguments: [
        ("Anna Ek 6503\u{AD}121235", "Anna Ek 6503\u{AD}12****"), ("Bo Ek 6503121\u{200B}235", "Bo Ek 650312*\u{200B}***"),
        ("Care for Anna Ek 650312-12\n35 weekly", "Care for Anna Ek 650312-**\n** weekly"),
        ("Anna Ek 6 503121235", "Anna Ek 6 50312****"), ("Anna Ek 650 3121235", "Anna Ek 650 312****"),
        ("Anna Ek 6503121\u{2013}235", "Anna Ek 650312*\u{2013}***"), ("19 650312 1235", "19 650312 ****"),
        ("Anna Ek 197906-197442", "Anna Ek 197906-19****"), ("Anna Ek 1979061974 42", "Anna Ek 19790619** **"),
        ("Anna Ek 197906 1974 42", "Anna Ek 197906 19** **"), ("x 65\u{AD}03\u{AD}12\u{AD}1235", "x 65\u{AD}03\u{AD}12\u{AD}****"),
        ("Anna Ek 6503-12-1235", "Anna Ek 6503-12-****"), ("x 6503/12/1235", "x 6503/12/****"), ("Anna Ek 6503 1212 35", "Anna Ek 6503 12** **"), ("Anna Ek 6 50312-1235", "Anna Ek 6 50312-****"),
        ("Anna Ek 650312-12 35", "Anna Ek 650312-** **"), ("Anna Ek 650312-1\u{2013}235", "Anna Ek 650312-*\u{2013}***"),
        // a wrong check digit, a phone number, dates in parts and a number or a time, a date and an amount after a
        // comma or a colon: as written
        ("Anna Ek 6503 121236", "Anna Ek 6503 121236"), ("ring 070-123 45 67", "ring 070-123 45 67"),
        ("Leverans 2022 03 15 1234", "Leverans 2022 03 15 1234"), ("kl 10:30, 2 st à 1 200", "kl 10:30, 2 st à 1 200"),
        ("Delivery 15/03/2022 18:39", "Delivery 15/03/2022 18:39"), ("Rent 17/03/2022 - 16/04/2022", "Rent 17/03/2022 - 16/04/2022"),
        ("Hyra 230101, 5000 kr", "Hyra 230101, 5000 kr"), ("Order 220315: 1200 st", "Order 220315: 1200 st"),
    ])
    func cutAnywhere(_ text: String, _ expected: String) {
        #expect(PersonalData.masked(text) == expected)
        #expect(Array(text.utf8).withUnsafeBufferPointer(PersonalData.mayHold) == (expected != text))
    }

    /// A value that is nothing but a personnummer in parts (a cost centre, an account, a buyer) is masked wherever
    /// its separators fall; a range of codes, a date and shorter numbers stay.
    @Test(arguments: [
        ("79061974 42", "790619** **"), ("790619_7442", "790619_****"), ("1979 06 19 7442", "1979 06 19 ****"),
        ("7906 1974 42", "7906 19** **"), (" 790 619 744 2 ", " 790 619 *** * "), ("190101-190399", "190101-190399"),
        ("19010-19030", "19010-19030"), ("2022-03-15", "2022-03-15"), ("12345 67890", "12345 67890"),
        ("kst 79061974 42", "kst 790619** **"), ("7906197442_1", "790619****_1"), ("070-123 45 67", "070-123 45 67"),
        ("1979 06 19 7443", "1979 06 19 7443"),
    ])
    func wholeValueInParts(_ text: String, _ expected: String) {
        #expect(PersonalData.masked(text) == expected)
        #expect(Array(text.utf8).withUnsafeBufferPointer(PersonalData.mayHold) == (expected != text))
    }

    /// Dates, org numbers, invoice and phone numbers are not personnummer and stay as written.
    @Test(arguments: [
        "Leverans 2022-03-15 1234 st", "faktura 800000 rad 1", "Atea 556036-0793", "SE556036079301",
        "tel 08-123 456 78", "order 123456789", "art 12345678901234567", "2022-03-15", "konto 4010 kst 1100 proj 220315",
    ])
    func otherNumbersStay(_ text: String) {
        #expect(PersonalData.masked(text) == text)
        #expect(!Array(text.utf8).withUnsafeBufferPointer(PersonalData.mayHold))
    }

    /// The byte check the fast path trusts: it says yes exactly when `masked` changes the text.
    @Test func mayHoldCoversEveryMask() {
        let cases: [(String, Bool)] = [
            ("Artikel 2116 faktura 800000 rad 1", false), ("Anna Ek 790619-7442", true),
            ("Anna Ek 197906197442", true), ("7906197442", true), ("790619 7442 x", true),
            ("19790619+7442", true), ("790619-74421", false), ("12345678901", false),
        ]
        for (text, expected) in cases {
            #expect(Array(text.utf8).withUnsafeBufferPointer(PersonalData.mayHold) == expected, "\(text)")
        }
        var random = FixtureRandom(seed: 14)
        let pieces = Array("0123456789012345678901234567890123456789-+ ab/.SE_".map(String.init)) + [
            "\u{2013}", "\u{2212}", "\u{FF10}", "\u{FF17}", "\u{FF19}", "\u{FF0D}", "\u{A0}", "790619", "7442", "01", "19",
        ]
        var holding = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...24, using: &random)).map { _ in
                pieces[Int.random(in: 0..<pieces.count, using: &random)]
            }.joined()
            let says = Array(text.utf8).withUnsafeBufferPointer(PersonalData.mayHold)
            #expect(says == (PersonalData.masked(text) != text), "\(text)")
            if says { holding += 1 }
        }
        #expect(holding > 100, "the random texts held too few personnummer to test the check: \(holding)")
    }

    /// Zeros in an id's shape are a placeholder, as `0` is (SPEC §3.1), not a sole trader born on day 0.
    @Test(arguments: ["0000000000", "000000-0000", "00000000000", "0", "--"])
    func zerosAreNoID(_ spelled: String) {
        #expect(SupplierID.parse(spelled) == nil, "\(spelled)")
    }

    @Test func orgNumbersAreUnchanged() {
        #expect(SupplierID.parse("SE556036079301") == .org("5560360793"))
        #expect(SupplierID.parse("16556036-0793") == .org("5560360793"))
        #expect(SupplierID.parse("DK78479310") == .other("DK78479310"))
        #expect(SupplierID.parse("20000000_46281108") == .other("20000000_46281108"))
    }

    /// The municipality's own columns (buyer, board, account and its text) and the analyst's tables (contract register,
    /// organisation map, rules) are written out as they are, so a personnummer in them is masked there too, in every
    /// format, stderr and the database; a rule or contract naming a sole trader by a name holding one still applies.
    @Test(arguments: ["fast", "libcsv"])
    func ownColumnsAndTablesAreMasked(parser: String) throws {
        let dir = tempDir(), d = "\(Self.anna.prefix(6))-\(Self.anna.suffix(4))", b = "800101-0019"
        let dump = writeFile(
            """
            Fakturanr;Verifikation;Bokföringsdatum;Leverantörsnamn;Org.nr;Organisation;Förvaltning;Ansvar;Konto;Kontonamn;Beskrivning;Belopp SEK;Avtal
            N1;V1;2024-03-01;Anna Ek \(d);;Bo Ek \(b);;1100;54610;Konsult;x;1000,00;K1
            N2;V2;2024-03-02;Atea;556036-0793;Bo Ek \(b);Förv \(d);9100;\(Self.anna);Konto \(d);y;2000,00;K2
            N3;V3;2024-03-03;Atea;556036-0793;Cy;;1100;7000;Konto \(b);z;3000,00;K2

            """, name: "dump.csv", in: dir)
        // A rule names her as the reports show her: names are read masked (her number itself is a rule error).
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;Konsult;;Anna Ek 790619-****;;;\nIT;Övrigt;;;*;;\n",
            name: "regler.csv", in: dir)
        let unmasked = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;Konsult;;Anna Ek \(d);;;\nIT;Övrigt;;;/x 790619-7442/;\n",
            name: "regler2.csv", in: dir)
        let bad = try runSpend(["analyze", "--invoices", dump, "--rules", unmasked, "--category", "IT", "--out", dir + "/bad"])
        #expect(bad.code == 65 && !bad.err.contains("7442"), "\(bad.err)")
        #expect(bad.err.contains(":2:13: leverantor_namn: holds a personnummer, but names are read masked: write it as the reports show it ('Anna Ek 790619-****')"), "\(bad.err)")
        #expect(bad.err.contains(":3:"), "\(bad.err)")
        let contracts = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic
            K1;Konsult Anna Ek \(d);;Anna Ek \(d);IT;;2024-01-01;2024-12-31;;;ramavtal;
            K2;Datorer \(b);556036-0793;Atea \(b);IT;;2024-01-01;2024-12-31;;;ramavtal;

            """, name: "avtal.csv", in: dir)
        let org = writeFile("kst;forvaltning;namnd\n1000-1999;Förv \(b);Nämnd \(b)\n", name: "org.csv", in: dir)
        let out = dir + "/Reports"
        let r = try runSpend([
            "analyze", "--invoices", dump, "--rules", rules, "--contracts", contracts, "--org", org, "--category", "IT",
            "--out", out, "--format", "json,csv,md,html,xlsx,sqlite", "--verbose", "--parser", parser,
        ])
        #expect(r.code == 0, "\(r.err)")
        var texts = [("stderr", r.err)]
        for f in try FileManager.default.subpathsOfDirectory(atPath: out) where f.contains(".") {
            texts.append((f, String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/" + f)), as: UTF8.self)))
        }
        #expect(texts.count > 10)
        for (name, text) in texts {
            for needle in [d, b, Self.anna, "7442", "0101-0019"] { #expect(!text.contains(needle), "\(needle) in \(name)") }
        }
        // Anna's rule, written as the reports show her, and her contract, written with her personnummer, take her line.
        let json = try String(contentsOfFile: out + "/2024/summary.json", encoding: .utf8)
        #expect(json.contains("\"name\": \"Konsult\", \"amount\": 1000.00"), "\(json)")
        let suppliers = try String(contentsOfFile: out + "/2024/suppliers.csv", encoding: .utf8)
        #expect(suppliers.split(whereSeparator: \.isNewline).contains { $0.contains("Anna Ek 790619-****;1000,00;") && $0.contains(";ja;") }, "\(suppliers)")
    }

    /// An error that quotes a table's cell says where, not the personnummer in it (stderr is an output too).
    @Test func errorsQuotingAPersonnummerAreMasked() throws {
        let dir = tempDir(), d = "\(Self.anna.prefix(6))-\(Self.anna.suffix(4))"
        let dump = writeFile(
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus\nA1;V1;2024-03-01;Atea;556036-0793;1100;54610;10,00;OK\n",
            name: "dump.csv", in: dir)
        let org = writeFile("kst;forvaltning;namnd\n;Förv \(d);A\n;Förv \(d);B\n", name: "org.csv", in: dir)
        let contracts = writeFile(
            "avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic\nK1;x;;Anna;IT;;\(d);2024-12-31;;;;\n",
            name: "avtal.csv", in: dir)
        for extra in [["--org", org], ["--contracts", contracts]] {
            let r = try runSpend(["analyze", "--invoices", dump, "--category", "IT", "--out", dir + "/out"] + extra)
            #expect(r.code != 0 && r.err.contains("790619-****") && !r.err.contains(d), "\(r.err)")
        }
    }

    /// An input file named by a personnummer is named masked wherever a report, the database or explain quotes it.
    @Test func fileNamedByAPersonnummer() throws {
        let dir = tempDir(), d = "\(Self.anna.prefix(6))-\(Self.anna.suffix(4))"
        let head =
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus\n"
        let row = "A1;V1;2024-03-01;Atea;556036-0793;1100;54610;10,00;OK\n"
        let first = writeFile(head + row + "A2;V2;2024-03-01;Atea;556036-0793;1100;54610;xx;OK\n", name: "\(d).csv", in: dir)
        let second = writeFile(head + row, name: "kopia 19\(d).csv", in: dir)
        let out = dir + "/out", rules = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;*;;\n", name: "r.csv", in: dir)
        let r = try runSpend([
            "analyze", "--invoices", first, second, "--rules", rules, "--category", "IT", "--out", out, "--format",
            "json,csv,md,html,xlsx,sqlite", "--max-rejects", "1",
        ])
        #expect(r.code == 0, "\(r.err)")
        let e = try runSpend(["explain", "--invoices", first, second, "--rules", rules, "--category", "IT", "--row", second + ":2"])
        #expect(e.out.contains("duplicate") && e.out.contains("790619-****"), "\(e.out) \(e.err)")
        var texts = [("stderr", r.err), ("explain", e.out + e.err)]
        for f in try FileManager.default.subpathsOfDirectory(atPath: out) where f.contains(".") {
            texts.append((f, String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/" + f)), as: UTF8.self)))
        }
        #expect(texts.contains { $0.1.contains("790619-****.csv") })
        for (name, text) in texts { #expect(!text.contains("7442"), "\(name)") }
    }

    /// Contract ids holding a personnummer are shown masked, two masked alike stay two contracts, and a line's
    /// reference still names its contract by the id as written.
    @Test(arguments: ["fast", "libcsv"]) func contractIDsHoldingAPersonnummer(parser: String) throws {
        let dir = tempDir()
        let a = "\(Self.anna.prefix(6))-\(Self.anna.suffix(4))", b = "\(Self.bertil.prefix(6))-\(Self.bertil.suffix(4))"
        let dump = writeFile(
            """
            Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus;Avtal
            A1;V1;2024-03-01;Atea;556036-0793;1100;54610;100,00;OK;\(a)
            A2;V2;2024-09-01;Atea;556036-0793;1100;54610;50,00;OK;\(b)
            A3;V3;2024-09-02;Atea;556036-0793;1100;54610;7,00;OK;\(a)

            """, name: "dump.csv", in: dir)
        let contracts = writeFile(
            """
            avtal_id;avtalsnamn;leverantor_orgnr;leverantor_namn;kategori;underkategori;giltig_fran;giltig_till;forlangning_till;avtalstak;typ;kraljic
            \(a);Första;556036-0793;Atea;IT;;2024-01-01;2024-06-30;;1000;ramavtal;
            \(b);Andra;556036-0793;Atea;IT;;2024-07-01;2024-12-31;;1000;ramavtal;
            790619-**** (2);Skrivet maskerat;556036-0793;Atea;IT;;2020-01-01;2020-12-31;;;ramavtal;

            """, name: "avtal.csv", in: dir)
        #expect(ContractRegister.shown([a, b, "790619-**** (2)"]) == ["790619-****", "790619-**** (3)", "790619-**** (2)"])
        let rules = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;*;;\n", name: "r.csv", in: dir)
        let out = dir + "/out"
        let r = try runSpend([
            "analyze", "--invoices", dump, "--rules", rules, "--contracts", contracts, "--category", "IT", "--out", out,
            "--format", "json,csv,md,html,xlsx,sqlite", "--parser", parser,
        ])
        #expect(r.code == 0, "\(r.err)")
        let refs = try String(contentsOfFile: out + "/2024/contract_refs.csv", encoding: .utf8)
        #expect(refs.contains("giltigt avtal;150,00") && refs.contains("avtalet har upphört;7,00"), "\(refs)")
        let ceilings = try String(contentsOfFile: out + "/2024/ceilings.csv", encoding: .utf8)
        #expect(ceilings.contains("790619-****;Första;;1000,00;100,00") && ceilings.contains("790619-**** (3);Andra;;1000,00;57,00"), "\(ceilings)")
        let db = try DatabaseQueue(path: out + "/spend.sqlite")
        let lines = try db.read { try Optional<String>.fetchAll($0, sql: "SELECT contract_id FROM line_facts ORDER BY line") }
        #expect(lines == ["790619-****", "790619-**** (3)", "790619-**** (3)"])
        var texts = [("stderr", r.err)]
        for f in try FileManager.default.subpathsOfDirectory(atPath: out) where f.contains(".") {
            texts.append((f, String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/" + f)), as: UTF8.self)))
        }
        for (name, text) in texts { #expect(!text.contains(a.suffix(4)) && !text.contains(b.suffix(4)), "\(name)") }
    }
    /// A ledger of three sole traders, each under every spelling, through every output format.
    @Test func noPersonnummerInAnyOutput() throws {
        let dir = tempDir()
        var rows = [
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus;Köpet avser"
        ]
        var n = 0
        let people = [
            (Self.anna, "19", "Anna Ek Konsult"), (Self.bertil, "19", "Bertil Ek"), (Self.cecilia, "20", "Cecilia Ny"),
        ]
        for (d, cc, name) in people {
            for s in Self.spellings(d, century: cc) {
                n += 1
                rows.append(
                    "F\(n);V\(n);2022-03-\(String(format: "%02d", n % 28 + 1));\(name);\(s);1100;54610;1000,00;OK;arbete \(d.prefix(6))-\(d.suffix(4))"
                )
                // The spelling in the name of a line without id (that person's), and in the description.
                n += 1
                rows.append("F\(n);V\(n);2022-04-01;Firma \(s);;1100;54610;10,00;OK;avser \(s) och mer")
            }
        }
        // A column shifted by one: the number lands in the amount, a date and the status, each a reject.
        let dashed = "\(Self.anna.prefix(6))-\(Self.anna.suffix(4))"
        rows.append("R1;R1;2022-03-01;Anna Ek Konsult;;1100;54610;\(dashed);OK;x")
        rows.append("R2;R2;\(dashed);Anna Ek Konsult;;1100;54610;1,00;OK;x")
        rows.append("R3;R3;2022-03-01;Anna Ek Konsult;;1100;54610;1,00;\(dashed);x")
        // Her personnummer as cost centre: masked in the warning and the reports' unmapped cost centres.
        rows.append("I1;I1;2022-03-02;Anna Ek Konsult;\(Self.anna);\(dashed);54610;5,00;OK;x")
        let dump = writeFile(rows.joined(separator: "\n") + "\n", name: "dump.csv", in: dir)
        let rules = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;Konsult;\(Self.anna);;;;\nIT;HW;;;54610;;\n",
            name: "regler.csv", in: dir)
        let out = dir + "/Reports"
        let r = try runSpend([
            "analyze", "--invoices", dump, "--rules", rules, "--category", "IT", "--out", out,
            "--format", "json,csv,md,html,xlsx,sqlite", "--verbose", "--max-rejects", "0.05",
        ])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("3 rejected"), "\(r.err)")
        var texts = [("stderr", Data(r.err.utf8)), ("stdout", Data(r.out.utf8))]
        for f in try FileManager.default.subpathsOfDirectory(atPath: out) {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: out + "/" + f, isDirectory: &isDir)
            if !isDir.boolValue { texts.append((f, try Data(contentsOf: URL(fileURLWithPath: out + "/" + f)))) }
        }
        #expect(texts.contains { $0.0.hasSuffix("spend.sqlite") } && texts.contains { $0.0.hasSuffix("spend.xlsx") })
        for (d, _, _) in people {
            let tail = String(d.suffix(4)), birth = String(d.prefix(6))
            for (name, bytes) in texts {
                let text = String(decoding: bytes, as: UTF8.self)
                for needle in [d, birth + "-" + tail, birth + tail, birth + "+" + tail, birth + " " + tail] {
                    #expect(!text.contains(needle), "\(needle) found in \(name)")
                }
                #expect(
                    !text.lowercased().contains(String(FNV64.hashOf(d), radix: 16)), "the key's hash found in \(name)")
            }
        }
        // One supplier per person, whatever the spelling: three suppliers, Anna's rule applied to all her rows.
        let suppliers = try String(contentsOfFile: out + "/2022/suppliers.csv", encoding: .utf8)
        let lines = suppliers.split(whereSeparator: \.isNewline).dropFirst()
        #expect(lines.count == 3, "\(suppliers)")
        #expect(lines.filter { $0.contains("790619-****") }.count == 2)
        // The database keeps the two born on one day apart too, and its views agree with the report.
        let db = try DatabaseQueue(path: out + "/spend.sqlite")
        let bySupplier = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT supplier_key, amount_sek, lines FROM supplier_spend WHERE year = 2022")
                .map { "\($0[0] as String) \($0[1] as Double) \($0[2] as Int)" }
        }
        let each = Double(Self.spellings(Self.anna).count) * 1010
        #expect(
            bySupplier.sorted() == [
                "200315-**** \(each) \(2 * Self.spellings(Self.anna).count)",
                "790619-**** \(each + 5) \(2 * Self.spellings(Self.anna).count + 1)",
                "790619-**** (2) \(each) \(2 * Self.spellings(Self.anna).count)",
            ].sorted(), "\(bySupplier)")
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/2022/summary.json")))
            as! [String: Any]
        let subs = json["subcategories"] as! [[String: Any]]
        let konsult = try #require(subs.first { $0["name"] as? String == "Konsult" })
        #expect((konsult["amount"] as! NSNumber).int64Value == Int64(Self.spellings(Self.anna).count * 1000 + 5))
        #expect((json["suppliers"] as! Int) == 3)
    }
}

extension FNV64 {
    /// The hash `SupplierID` keys a personnummer's ten digits by.
    static func hashOf(_ digits: String) -> UInt64 {
        var h = FNV64()
        h.add(Array(digits.utf8))
        return h.value
    }
}
