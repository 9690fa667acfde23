import Foundation
import Testing

@testable import SpendKit

/// Random ledgers in the shapes of issue 16 through the fast path and the reference path: pounds with signs and
/// parentheses, other currencies, exclusions by column and account, a status table, per-payment ids left out or
/// suppliers keyed by name, day-month-name dates and Excel serials, letter accounts, the ledger's own ids and a
/// catch-all in the rules, a preamble and totals rows. Both paths must give the same reports and books.
@Suite("Fast path against the reference on random real-shaped ledgers")
struct LedgerDifferentialTests {
    struct Ledger { var options: RunOptions }

    static func ledger(seed: UInt64) -> Ledger {
        var g = FixtureRandom(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[g.int(0...(xs.count - 1))] }
        let dir = tempDir()
        let excel = seed % 3 == 0
        let byName = seed % 4 == 1
        let names = [
            "Acme Ltd", "ACME LTD", "Beta Services", "Gamma  Plc", "HM Revenue & Customs", "Delta",
            "Eva Ek 790619-7442", "",
        ]
        let ids = [
            "20014760", "20000001", "20000000_46281108", "20000000_46281999", "", "NULL", "790619-7442", "GB123456789",
        ]
        let accounts = ["D3511", "D3512", "D3521", "D3599", "E100", "VAT1", "Z901", "S150", "74311", ""]
        let types = ["Supplies", "Consultancy", "VAT", "HMRC PAYE", "Misc", "  vat  "]
        let statuses =
            seed % 2 == 0
            ? ["OK", "OK", "OK", "ok", "Paid", "Void", "Held"] : ["OK", "OK", "Paid", "paid", "Void", "Held", "Ok "]
        let months = ["JAN", "Feb", "mar", "APR", "maj", "Jun", "JUL", "aug", "Sep", "okt", "Nov", "DEC"]
        func amount() -> String {
            let v = "\(g.int(0...20_000)).\(String(format: "%02d", g.int(0...99)))"
            switch g.int(0...12) {
            case 0: return "£" + v
            case 1: return "(£" + v + ")"
            case 2: return "(" + v + ")"
            case 3: return v + " GBP"
            case 4: return "-£" + v
            case 5: return "€" + v
            case 6: return "£" + v + "x"
            case 7: return "\"£1," + String(format: "%03d", g.int(0...999)) + ".00\""
            case 8: return v + " kr"
            default: return v
            }
        }
        func date() -> String {
            let y = 2022 + g.int(0...1), m = g.int(1...12), d = g.int(1...28)
            if g.int(0...30) == 0 { return "31-FEB-2023" }
            if excel {
                return g.int(0...3) == 0
                    ? String(format: "%04d-%02d-%02d", y, m, d)
                    : String(Day(year: y, month: m, day: d)!.ordinal + 25569)
            }
            return String(format: "%02d", d) + "-" + months[m - 1] + "-"
                + (g.int(0...4) == 0 ? String(y % 100) : String(y))
        }
        var rows = [
            "Example Council", "Payments over £500", "",
            "Payment Date,Supplier Name,Supplier ID,Expense Type,Expense Code,Net Amount,Currency,Transaction Number,State,Description",
        ]
        for i in 0..<g.int(400...900) {
            if g.int(0...150) == 0 { rows.append("Total,,,,,\"£99,999.00\",,,,"); continue }
            let fields = [
                date(), pick(names), pick(ids), pick(types), pick(accounts), amount(),
                pick(["", "", "", "GBP", "gbp", "EUR"]), "T\(g.int(1...300))",
                pick(statuses), pick(["", "licence", "laptop", "consulting day \(i % 7)", "VAT return"]),
            ]
            rows.append(
                fields.map { $0.contains(",") && !$0.hasPrefix("\"") ? "\"" + $0 + "\"" : $0 }.joined(separator: ","))
        }
        let ledger = writeFile(rows.joined(separator: "\n") + "\n", name: "ledger.csv", in: dir)
        let profile = writeFile(
            """
            [fields]
            booking_date = "payment_date"
            supplier_name = "Supplier Name"
            supplier_id = "Supplier ID"
            account = "Expense Code"
            account_text = "Expense Type"
            amount = "Net Amount"
            currency = "Currency"
            invoice_number = "Transaction Number"
            status = "State"
            description = "Description"
            [format]
            currency = "GBP"
            decimal = "."
            date_format = "\(excel ? "EXCEL" : "DD-MON-YYYY")"
            \(byName ? "supplier_key = \"name\"" : "supplier_id_ignore = \"^\\\\d+_\\\\d+$\"")
            [status]
            ok = \(seed % 2 == 0 ? "[\"Paid\", \"OK\"]" : "[\"Paid\"]")
            exclude = ["Void"]
            [[exclude]]
            column = "Expense Type"
            values = ["VAT", "HMRC*"]
            reason = "tax"
            [[exclude]]
            accounts = ["Z9*", "S100-S199"]
            reason = "suspense"

            """, name: "p.toml", in: dir)
        let rules = writeFile(
            [
                "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar;leverantor_id",
                "IT;Licenser;;;;licen;;20014760", "IT;Konsulter;;;D352*;;;", "IT;Hårdvara;;;D3511-D3514;laptop|/lap/;;",
                "IT;Acme;;acme;;;;", "IT;Id;;;;;;20000001|GB123456789", "Övrigt;Resten;;;*;;;",
            ].joined(separator: "\n") + "\n",
            name: "regler.csv", in: dir)
        let rates = writeFile("valuta;datum;kurs\nEUR;2022-01-01;0,85\n", name: "kurser.csv", in: dir)
        var o = RunOptions()
        o.invoices = [ledger]
        o.profile = profile
        o.rules = seed % 5 == 2 ? nil : rules
        o.currencyRates = seed % 2 == 0 ? rates : nil
        o.settings.category = seed % 3 == 1 ? nil : "IT"
        return Ledger(options: o)
    }

    @Test("the fast path gives the reference's reports and books", arguments: 1...10)
    func randomLedgers(seed: Int) throws {
        let o = Self.ledger(seed: UInt64(seed)).options
        let reference = try outputs(o, fast: false)
        #expect(reference.count > 3)
        #expect(reference[0].contains("excluded: ") && !reference[0].contains("excluded: 0,"), "\(reference[0])")
        let fast = try outputs(o, fast: true, threads: 2)
        for (a, b) in zip(fast, reference) where a != b {
            Issue.record("seed \(seed)\nFAST: \(a.prefix(2000))\nREF:  \(b.prefix(2000))"); break
        }
        #expect(fast == reference)
        #expect(try outputs(o, fast: true, threads: 1, subjectLimit: 5) == reference, "seed \(seed), flushing")
        #expect(try outputs(o, fast: true, threads: 2, prefetchFrom: 0) == reference, "seed \(seed), batched")
    }

    @Test("every split of a small real-shaped ledger gives the reference's books")
    func everySplit() throws {
        var o = Self.ledger(seed: 42).options
        let text = try String(contentsOfFile: o.invoices[0], encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).prefix(40).joined(separator: "\n")
        o.invoices = [
            writeFile(text + "\n", name: "small.csv", in: (o.invoices[0] as NSString).deletingLastPathComponent)
        ]
        let reference = try outputs(o, fast: false)
        let size = text.utf8.count + 1
        for cut in stride(from: 1, to: size, by: 7) {
            #expect(try outputs(o, fast: true, threads: 2, cuts: [cut]) == reference, "cut at \(cut)")
        }
    }
}
