extension ReferenceDataSet {
    static let suffixes = ["AB", "Sverige AB", "Nordic AB", "Consulting AB", "Solutions AB", "Teknik AB", "HB"]
    static let syllables = [
        "Ber", "Dal", "Fri", "Gran", "Hav", "Is", "Kal", "Lin", "Mo", "Nor", "Ore", "Pil", "Rim", "Sol", "Tall", "Ul",
        "Var", "Ved", "Ask", "Bo",
    ]

    /// A made-up company word, unique per (group, index).
    static func word(_ group: Int, _ k: Int) -> String {
        let a = syllables[(group * 7 + k) % syllables.count],
            b = syllables[(k / syllables.count + group * 3) % syllables.count]
        return "\(a)\(b.lowercased())\(["ia", "ex", "on", "era", "ab", "ium"][(group + k) % 6]) \(group)\(k)"
    }

    /// Board weights per subcategory, fitted so that the category's board shares and the plan's stated
    /// within-subcategory shares (Verksamhetssystem, IT-konsulter, licences) all hold.
    static func boardWeights() -> [[Double]] {
        let boards = Plan.boards
        let subTotals = Plan.subcategoryMSEK2022
        let total = subTotals.reduce(0, +)
        var m = [[Double]](repeating: [Double](repeating: 0, count: boards.count), count: subTotals.count)
        var remaining = boards.map { $0.share / 100 * total }
        var free: [Int] = []
        for (j, sub) in Plan.subcategories.enumerated() {
            guard let fixed = Plan.fixedBoardShares[sub] else { free.append(j); continue }
            let rest = 100 - fixed.values.reduce(0, +)
            let others = boards.indices.filter { fixed[boards[$0].name] == nil }
            let otherShare = others.reduce(0) { $0 + boards[$1].share }
            for b in boards.indices {
                let pct = fixed[boards[b].name] ?? rest * boards[b].share / otherShare
                m[j][b] = pct / 100 * subTotals[j]
                remaining[b] -= m[j][b]
            }
        }
        let freeTotal = free.reduce(0) { $0 + subTotals[$1] }
        for j in free { for b in boards.indices { m[j][b] = remaining[b] * subTotals[j] / freeTotal } }
        return m
    }

    static let descriptions: [String: [String]] = [
        "IT-hårdvara": ["Bärbar dator", "Skärm 27\"", "Dockningsstation", "Nätverksswitch", "Brandvägg; licens ingår"],
        "Verksamhetssystem": [
            "Procapita drift", "Elevregister årsavgift", "Ekonomisystem förvaltning", "Ärendehantering",
        ],
        "IT-programvara och licenser": ["Microsoft 365 licenser", "Adobe licenser", "Antivirus förnyelse"],
        "Telekommunikation": ["Mobilabonnemang", "Fast telefoni", "Datakommunikation"],
        "IT-konsulter": ["Systemutveckling", "Projektledning IT", "Arkitektstöd"],
        "IT som tjänst": ["Utskrift som tjänst", "Molntjänst", "Lagring som tjänst"],
        "Välfärdsteknik": ["Digital tillsyn", "Läkemedelsrobot", "Sensorer"],
        "Övrigt IT": ["Kablar och tillbehör", "IT-utbildning", "Övrigt IT-material"],
    ]

    /// Splits a supplier's spend at one board into invoices and accounting lines, with credit notes.
    static func invoiceLines(
        supplier: Supplier, amount: Int64, count: Int, year: Int, board: Int, sub: String,
        account: (String, String)? = nil, rng: inout FixtureRandom, invoiceNo: inout Int
    ) -> [Line] {
        let n = max(1, min(count, Int(amount.magnitude / 100)))
        var invoices = Allocation.split(amount, weights: (0..<n).map { _ in 0.3 + 1.4 * rng.unit() })
        if n >= 4 && rng.unit() < 0.3 {  // a credit note: a new negative invoice, netted by a larger one
            let c = invoices[0] / 3
            if c > 0 { invoices[0] += c; invoices.append(-c) }
        }
        var out: [Line] = []
        let kstBase = Int(Plan.boards[board].kst.prefix(4))!
        for a in invoices where a != 0 {
            invoiceNo += 1
            let month = rng.int(1...12), day = rng.int(1...Day.daysIn(year: year, month: month))
            let booking = Day(year: year, month: month, day: day)!
            let invoiceDate = Day(year: year, month: month, day: max(1, day - rng.int(0...9)))!
            var acct = account ?? Plan.accounts[sub]!
            var text = account?.1 ?? descriptions[sub]![rng.int(0...(descriptions[sub]!.count - 1))]
            if sub == "IT-konsulter" && rng.unit() < 0.4 {
                acct = ("74500", "Konsulttjänster"); text = "IT-konsult " + text.lowercased()
            }
            if sub == "Välfärdsteknik" && rng.unit() < 0.3 {
                acct = Plan.accounts["IT-hårdvara"]!; text = "Trygghetslarm mobila"
            }
            let kst = String(kstBase + rng.int(0...99) * 10)
            let split = abs(a) >= 200 && rng.unit() < 0.2 ? Allocation.split(a, weights: [0.6, 0.4]) : [a]
            for (i, part) in split.enumerated() {
                out.append(
                    Line(
                        supplier: supplier, invoice: invoiceNo, voucher: "\(invoiceNo)-\(i + 1)", booking: booking,
                        invoiceDate: invoiceDate, kst: kst, account: acct.0, text: text, amount: part))
            }
        }
        return out
    }

    static let proceedoHeader =
        "Fakturanummer;Verifikationsnummer;Fakturadatum;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Projekt;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus;Sekretess"

    /// Swedish amount spelling: `-12 345,60`, thousands by space or no-break space.
    static func swedish(_ ore: Int64, nbsp: Bool) -> String {
        let m = ore.magnitude
        let frac = m % 100
        return (ore < 0 ? "-" : "")
            + Fmt.group(Int64(m / 100)).replacingOccurrences(of: "\u{A0}", with: nbsp ? "\u{A0}" : " ")
            + "," + (frac < 10 ? "0" : "") + String(frac)
    }

    /// The ledger as Proceedo exports it; `extras` adds CANCELED and PENDING rows and confidential lines.
    static func proceedo(_ lines: [Line], rng: inout FixtureRandom, extras: Bool) -> [UInt8] {
        var out = proceedoHeader + "\r\n"
        out.reserveCapacity(lines.count * 160)
        func quoted(_ s: String) -> String {
            s.contains(";") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        for l in lines {
            let name = l.supplier.names[l.invoice % l.supplier.names.count]
            let r = rng.unit()
            let secret = extras && r < 0.01
            let row = [
                String(l.invoice), l.voucher, l.invoiceDate.description, l.booking.description, quoted(name),
                l.supplier.org,
                l.kst, l.account, "", quoted(l.text), swedish(l.amount, nbsp: l.invoice % 5 == 0),
                "SEK", l.supplier.contract ?? "", "OK", secret ? "J" : "N",
            ]
            out += row.joined(separator: ";") + "\r\n"
            if extras && r > 0.995 {  // an invoice line stopped or still waiting: excluded, not counted in any figure
                var x = row
                x[0] = "X" + x[0]; x[1] = "X" + x[1]; x[13] = r > 0.998 ? "PENDING" : "CANCELED"
                out += x.joined(separator: ";") + "\r\n"
            }
        }
        return Array(out.utf8)
    }

    static func writeTable(_ path: String, header: [String], rows: [[String]]) throws -> String {
        var w = CSVWriter(header: header)
        for r in rows { w.row(r.map { .text($0) }) }
        try writeAtomically(w.bytes, to: path)
        return path
    }

    /// The rule table: supplier rules first (Atea's licences before the rest of Atea), text before account rules.
    static func rules(named: [Supplier]) -> [[String]] {
        let org = { (name: String) in named.first { $0.names[0].hasPrefix(name) }!.org }
        let it = Plan.category
        var rows: [[String]] = [
            [it, "IT-programvara och licenser", org("Atea"), "", "74310-74317", "", "Atea: licenser via Adda-avtalet"],
            [it, "IT-hårdvara", org("Atea"), "", "", "", "Atea: allt annat är hårdvara"],
            [it, "IT som tjänst", org("Toshiba"), "", "", "", "Utskrift som tjänst"],
            [it, "Telekommunikation", org("Tele2") + "|" + org("Telia Sverige"), "", "", "", ""],
            [
                it, "Välfärdsteknik", "", "", "54610|54620", "trygghetslarm|/välfärdstekn/",
                "Larm köps ibland på hårdvarukontot",
            ],
            [it, "IT-konsulter", "", "", "745*", "IT-konsult", "IT-konsulter på det allmänna konsultkontot"],
        ]
        for sub in Plan.subcategories { rows.append([it, sub, "", "", Plan.accounts[sub]!.0, "", ""]) }
        rows.append([it, "IT-programvara och licenser", "", "", "74310-74317", "", "övriga licenskonton"])
        for c in Plan.otherCategories {
            rows.append([c.name, c.name, "", "", String(c.account.prefix(3)) + "*", "", ""])
        }
        return rows
    }
}
