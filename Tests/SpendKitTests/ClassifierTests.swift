import Foundation
import Testing

@testable import SpendKit

/// The naive reference: every rule in file order, every condition checked directly on the strings.
func naiveClassify(_ table: RuleTable, _ s: RuleSubject) -> Int? {
    func holds(_ p: TextPattern, _ subject: String) -> Bool {
        let src = p.source
        if src.count >= 2, src.hasPrefix("/"), src.hasSuffix("/") {
            let re = try! NSRegularExpression(pattern: String(src.dropFirst().dropLast()), options: [.caseInsensitive])
            return re.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) != nil
        }
        return subject.lowercased().range(of: src.lowercased()) != nil
    }
    for (i, r) in table.rules.enumerated() {
        if !r.orgs.isEmpty && !(s.supplier.map { r.orgs.contains($0) } ?? false) { continue }
        if !r.accounts.isEmpty && !r.accounts.contains(where: { $0.matches(s.account) }) { continue }
        if !r.names.isEmpty && !r.names.contains(where: { holds($0, s.name) }) { continue }
        if !r.texts.isEmpty && !r.texts.contains(where: { holds($0, s.description) || holds($0, s.accountText) }) {
            continue
        }
        return i
    }
    return nil
}

@Suite struct ClassifierTests {
    static let header = "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\n"

    @Test func firstMatchWinsAndConditionsAreAnded() throws {
        let path = writeFile(
            Self.header + """
                IT;Licenser;556036-0793;;74310-74317;;Atea licenser
                IT;Hårdvara;5560360793;;;;Atea allt annat
                IT;Välfärd;;;5461*;LARM|/sensor(er)?/;
                IT;Telekom;;tele;65400;;
                Övrigt;Övrigt;;;4*|5*;;

                """)
        let c = Classifier(try RuleTable.load(path))
        let atea = SupplierID.parse("556036-0793")
        func cls(_ id: SupplierID?, _ name: String, _ acct: String, _ text: String = "") -> String {
            c.classify(RuleSubject(supplier: id, name: name, account: acct, description: text, accountText: ""))
                .subcategory
        }
        #expect(cls(atea, "Atea", "74311") == "Licenser")
        #expect(cls(atea, "Atea", "54610") == "Hårdvara")
        #expect(cls(nil, "X", "54610", "Trygghetslarm") == "Välfärd")
        #expect(cls(nil, "X", "54610", "Nya sensorer") == "Välfärd")
        #expect(cls(nil, "X", "54610", "Skärm") == "Övrigt")
        #expect(cls(nil, "TELE2 SVERIGE", "65400") == "Telekom")
        #expect(cls(nil, "Telia", "65401") == RuleTable.unclassified)
    }

    @Test func explainListsEveryRuleTriedAndWhy() throws {
        let path = writeFile(Self.header + "IT;A;556036-0793;;;;\nIT;B;;;74311;;\nIT;C;;;;licens;\n")
        let c = Classifier(try RuleTable.load(path))
        let steps = c.explain(
            RuleSubject(supplier: nil, name: "X", account: "74500", description: "Licens 2022", accountText: ""))
        #expect(steps.count == 3)
        #expect(steps[0].failed == "leverantor_orgnr is not 556036-0793")
        #expect(steps[1].failed == "konto 74500 is not 74311")
        #expect(steps[2].failed == nil)
    }

    @Test(arguments: [
        ("IT;A;;;7431-;;\n", "konto"), ("IT;A;;;;/[unclosed/;\n", "text"), ("IT;A;;;;;\n", "row"),
        (";A;;;74311;;\n", "kategori"),
        ("IT;A;12345;;;;\n", "leverantor_orgnr"),
    ])
    func errorsNameLineAndColumn(_ row: String, _ column: String) throws {
        let path = writeFile(Self.header + "IT;OK;;;74311;;\n" + row)
        do { _ = try RuleTable.load(path); Issue.record("no error for \(row)") } catch let e as ClassifyError {
            #expect(e.line == 3)
            #expect(e.field == column)
            #expect(e.description.hasPrefix("\(path):3:\(e.column): \(column): "))
        }
    }

    @Test func unknownColumnIsAnError() throws {
        let path = writeFile("kategori;underkategori;konto;färg\nIT;A;1;röd\n")
        #expect(throws: ClassifyError.self) { try RuleTable.load(path) }
    }

    /// Differential: the compiled classifier agrees with the naive loop on random tables and random lines:
    /// overlapping substrings (`lar`, `larm`, `arm`), Swedish letters in both cases, regular expressions, ranges.
    @Test(arguments: Array(1...16))
    func compiledAgreesWithNaive(_ seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let orgs = ["556036-0793", "556410-8917", "556448-0282"]
        let accounts = ["74311", "74312", "54610", "65400", "68100", "68150"]
        let syllables = [
            "lar", "m", "tele", "dat", "or", "kon", "sult", "lic", "ens", "Å", "ä", "Ö", "ter", " ", "2", "ß", "ſ", "\u{212A}",
        ]
        let needles = [
            "lar", "larm", "arm", "tele", "dator", "konsult", "licens", "åter", "ÄR", "ö", "e2", "/^tele/",
            "/dat(or|a)/", "/lar+m/", "/tele.*or/", "/kons*ult/",
        ]
        func phrase(_ rng: inout SeededRandom) -> String {
            (0..<Int.random(in: 0...5, using: &rng)).map { _ in syllables.randomElement(using: &rng)! }.joined()
        }
        var rows = Self.header
        for i in 0..<Int.random(in: 3...60, using: &rng) {
            func pick(_ xs: [String], _ p: Double) -> String {
                Double.random(in: 0..<1, using: &rng) < p ? xs.randomElement(using: &rng)! : ""
            }
            var acct = pick(accounts, 0.4)
            if !acct.isEmpty && Bool.random(using: &rng) { acct = String(acct.prefix(3)) + "*" }
            if !acct.isEmpty && Double.random(in: 0..<1, using: &rng) < 0.2 { acct = "74310-74319" }
            var org = pick(orgs, 0.2), name = pick(needles, 0.3), text = pick(needles, 0.4)
            if org.isEmpty && acct.isEmpty && name.isEmpty && text.isEmpty { text = needles[i % needles.count] }
            if Double.random(in: 0..<1, using: &rng) < 0.1 && !org.isEmpty {
                org += "|" + orgs.randomElement(using: &rng)!
            }
            if Double.random(in: 0..<1, using: &rng) < 0.2 && !name.isEmpty {
                name += "|" + needles.randomElement(using: &rng)!
            }
            if Double.random(in: 0..<1, using: &rng) < 0.2 && !text.isEmpty {
                text += "|" + needles.randomElement(using: &rng)!
            }
            rows += "K\(i % 3);S\(i);\(org);\(name);\(acct);\(text);\n"
        }
        let table = try RuleTable.load(writeFile(rows))
        let c = Classifier(table)
        for _ in 0..<500 {
            let s = RuleSubject(
                supplier: SupplierID.parse(orgs.randomElement(using: &rng)! + (Bool.random(using: &rng) ? "" : "x")),
                name: phrase(&rng).uppercased() + " AB", account: accounts.randomElement(using: &rng)!,
                description: phrase(&rng), accountText: Bool.random(using: &rng) ? phrase(&rng) : "")
            #expect(c.classify(s).rule == naiveClassify(table, s), "\(s)")
            #expect(c.classify(s).rule == naiveClassify(table, s), "cached: \(s)")
        }
    }

    /// The automaton finds exactly the needles a plain search finds, overlapping and multi-byte ones included.
    @Test(arguments: Array(1...8))
    func automatonAgreesWithSearch(_ seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let alphabet = Array("abå ä".utf8) + [0xC3, 0xA5, 0xB6]
        func word(_ n: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: n, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
        }
        let needles = (0..<Int.random(in: 1...30, using: &rng)).map { _ in word(1...5) }
        let a = SubstringAutomaton(needles)
        for _ in 0..<200 {
            let text = word(0...40)
            var found: [Int32] = []
            a.scan(String(decoding: text, as: UTF8.self).utf8, into: &found)
            let valid = Array(String(decoding: text, as: UTF8.self).utf8)
            let expected = Set(needles.indices.filter { TextPattern.contains(valid, needles[$0]) }.map(Int32.init))
            #expect(Set(found) == expected)
        }
    }
}

@Suite(Shared.required) struct OrebroClassificationTests {
    /// The committed IT rules on the real ledger agree with an independent sum by account over the raw file.
    @Test func itSubcategoriesMatchAnIndependentSum() throws {
        let path = Shared.orebro
        // Independent: decode with Foundation, take the last two fields of each line (names may hold quoted ';').
        let text = try #require(
            String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .windowsCP1252))
        var expected: [String: Decimal] = [:]
        let map: [(String, (String) -> Bool)] = [
            ("IT-hårdvara", { $0 == "40233" || $0 == "40234" }), ("Övrigt IT", { $0 == "65400" }),
            ("Telekommunikation", { $0.hasPrefix("681") }),
            ("IT-programvara och licenser", { $0 == "74311" || $0 == "74312" }),
            ("IT-tjänster", { $0 == "74310" || (Int($0).map { (74313...74317).contains($0) } ?? false) }),
        ]
        for line in text.split(separator: "\r\n").dropFirst() {
            let f = line.split(separator: ";", omittingEmptySubsequences: false)
            let account = String(f[f.count - 2].prefix { $0 != " " })
            guard let sub = map.first(where: { $0.1(account) })?.0 else { continue }
            expected[sub, default: 0] += Decimal(string: f[f.count - 1].replacingOccurrences(of: ",", with: "."))!
        }
        var o = RunOptions()
        o.invoices = [path]
        o.profile = repoRoot + "/Fixtures/profiles/orebro-2016-03.toml"
        o.rules = repoRoot + "/Fixtures/rules/orebro-it.csv"
        o.settings.category = "IT och telekom"
        let (analyzer, _) = try Pipeline.analyze(o)
        let subs = try #require(analyzer.years[2016]).subcategories
        #expect(Set(subs.keys) == Set(expected.keys))
        for (k, v) in expected { #expect(Decimal(subs[k]!.amount) / 100 == v, "\(k)") }
    }
}
