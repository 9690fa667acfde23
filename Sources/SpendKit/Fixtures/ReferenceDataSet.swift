import Foundation

/// Writes the deterministic Huddinge-like reference data set of SPEC §6: a Proceedo ledger for 2020–2022, its rule
/// table, contract register and organisation map, built so that the analysis reproduces seed 002 §10's figures.
public struct ReferenceDataSet {
    public var scale: Int
    public var seed: UInt64
    public init(scale: Int = 1, seed: UInt64 = 2022) { self.scale = max(1, scale); self.seed = seed }

    typealias Plan = ReferencePlan

    struct Supplier {
        var org: String  // ten digits, a masked personnummer, or "" for none
        var names: [String]
        var contract: String?
    }

    struct Line {
        var supplier: Supplier; var invoice: Int; var voucher: String; var booking: Day; var invoiceDate: Day
        var kst: String; var account: String; var text: String; var amount: Int64
    }

    /// Generates every file under `dir`; returns the paths written.
    @discardableResult
    public func write(to dir: String) throws -> [String] {
        // Each folder down to `ledger`, so `--out` naming a file says why: "…/ledger: cannot write: Not a directory".
        var path = dir.hasPrefix("/") ? "" : "."
        for part in (dir + "/ledger").split(separator: "/") {
            path += "/" + part
            try SafeFS.makeFolder(path)
        }
        var rng = FixtureRandom(seed: seed)
        var written: [String] = []
        var contracts: [[String]] = []
        var invoiceNo = 700_000
        let boardWeights = Self.boardWeights()

        // Supplier pools per subcategory: named, others on contract, and off contract (persist across years).
        var pools: [String: (on: [Supplier], off: [Supplier])] = [:]
        var serial = 0
        func org() -> String {
            serial += 1; return withLuhn("55\(6000000 + serial * 7919 % 999_999)".prefix(9).description)
        }
        let onCounts = [3, 12, 3, 2, 3, 4, 4, 2], offCounts = [26, 18, 26, 16, 45, 22, 16, 25]
        for (j, sub) in Plan.subcategories.enumerated() {
            var on: [Supplier] = [], off: [Supplier] = []
            for k in 0..<onCounts[j] {
                let id = "AV-\(2019 + k % 3)-\(100 + j * 20 + k)"
                let s = Supplier(
                    org: org(), names: ["\(Self.word(j, k)) \(Self.suffixes[k % Self.suffixes.count])"], contract: id)
                on.append(s)
                contracts.append([
                    id, "\(sub) – \(s.names[0])", s.org, s.names[0], Plan.category, sub, "2019-01-01",
                    "202\(3 + k % 4)-\(k % 2 == 0 ? "06-30" : "12-31")", "202\(max(5 + k % 3, 3 + k % 4))-12-31", "",
                    "ramavtal",
                    "hävstång",
                ])
            }
            for k in 0..<offCounts[j] {
                let kind = k % 11
                let o = kind == 7 ? "" : kind == 9 ? "\(60 + k % 30)0\(1 + k % 9)\(10 + j)-****" : org()
                let name =
                    kind == 9
                    ? "\(Self.word(j, k + 40)) med firma"
                    : "\(Self.word(j, k + 40)) \(Self.suffixes[(k + j) % Self.suffixes.count])"
                off.append(
                    Supplier(org: o, names: kind == 3 ? [name, name.uppercased() + " "] : [name], contract: nil))
            }
            pools[sub] = (on, off)
        }
        // The named suppliers' contracts; plus spare contracts so that 58 of the category are valid in 2022.
        let named = Plan.named.map { n -> (Supplier, Plan.Named) in
            (Supplier(org: withLuhn(n.orgPrefix), names: n.names, contract: n.contracts.first?.id), n)
        }
        for (s, n) in named {
            for (i, c) in n.contracts.enumerated() {
                contracts.append([
                    c.id, c.name, s.org, n.names[0], Plan.category, c.subcategory, "2019-01-01",
                    "202\(3 + i)-12-31", "202\(5 + i)-12-31", c.ceiling.map { Amount.plain($0, separator: ",") } ?? "",
                    "ramavtal", "strategiskt",
                ])
            }
        }
        let validNow = contracts.count
        for k in 0..<(58 - validNow) {
            let s = pools[Plan.subcategories[k % 8]]!.on[0]
            contracts.append([
                "AV-2022-\(200 + k)", "Tilläggsavtal \(k + 1)", s.org, s.names[0], Plan.category,
                Plan.subcategories[k % 8],
                "2022-0\(1 + k % 6)-01", "2024-12-31", "", "", "avtal", "",
            ])
        }
        contracts.append([
            "AV-2015-001", "Gammalt avtal telefoni", withLuhn("556111222"), "Gamla Tele AB", Plan.category,
            "Telekommunikation",
            "2015-01-01", "2019-06-30", "", "", "ramavtal", "",
        ])
        contracts.append([
            "AV-2020-900", "Byggmaterial", withLuhn("556333444"), "Byggvaror AB", "Bygg och fastighet", "",
            "2020-01-01", "2024-12-31", "", "", "ramavtal", "",
        ])

        var ledger: [Int: [Line]] = [:]
        for year in [2020, 2021, 2022] {
            var lines: [Line] = []
            let total = Plan.totals[year]!
            let subTotals = Allocation.split(total, weights: Plan.subcategoryMSEK2022)
            let factor = Double(total) / Double(Plan.totals[2022]!)
            let extraOff = Plan.supplierCount[year]! - 195  // more off-contract suppliers in earlier years
            for (j, sub) in Plan.subcategories.enumerated() {
                let off = Plan.offContract[year]![j]
                var namedHere = named.compactMap { s, n in n.amounts[sub].map { (s, Double($0) * factor) } }
                let room = Double(subTotals[j] - off) * 0.9
                let namedSum = namedHere.reduce(0) { $0 + $1.1 }
                if year != 2022 && namedSum > room { namedHere = namedHere.map { ($0.0, $0.1 * room / namedSum) } }
                let namedAmounts =
                    year == 2022 ? namedHere.map { Int64($0.1) } : namedHere.map { Int64($0.1.rounded()) }
                let pool = pools[sub]!
                let onOthers = subTotals[j] - off - namedAmounts.reduce(0, +)
                let offSuppliers = Array(
                    pool.off.prefix(offCounts[j] - 5 + (extraOff * (j + 1) / 8 - extraOff * j / 8)))
                var parts: [(Supplier, Int64, Int?)] = []
                for (k, (s, _)) in namedHere.enumerated() {
                    let n = Plan.named.first { withLuhn($0.orgPrefix) == s.org }!
                    parts.append(
                        (
                            s, namedAmounts[k],
                            n.invoices.map { Int(Double($0) * (year == 2022 ? 1 : 0.93 + 0.03 * Double(year - 2020))) }
                        ))
                }
                let onW = pool.on.indices.map { 1.0 / pow(Double($0) + 1.5, 0.8) * (0.6 + rng.unit()) }
                for (s, a) in zip(pool.on, Allocation.split(onOthers, weights: onW)) { parts.append((s, a, nil)) }
                let offW = offSuppliers.indices.map { 1.0 / pow(Double($0) + 1.0, 1.1) * (0.5 + rng.unit()) }
                for (s, a) in zip(offSuppliers, Allocation.split(off, weights: offW)) { parts.append((s, a, nil)) }
                for (s, amount, invoices) in parts where amount != 0 {
                    let byBoard = Allocation.split(amount, weights: boardWeights[j])
                    let invoicesByBoard = invoices.map { Allocation.split(Int64($0 * scale), weights: boardWeights[j]) }
                    for (b, a) in byBoard.enumerated() where a != 0 {
                        let n = invoicesByBoard.map { Int($0[b]) } ?? max(1, min(300, Int(a / 2_500_000))) * scale
                        lines += Self.invoiceLines(
                            supplier: s, amount: a, count: max(1, n), year: year, board: b, sub: sub, rng: &rng,
                            invoiceNo: &invoiceNo)
                    }
                }
            }
            // The rest of the municipality: other categories and some spend no rule names.
            let others =
                Plan.otherCategories.map {
                    ($0.account, $0.text, Int64(Double($0.msek * 100_000_000) * (0.94 + 0.03 * Double(year - 2020))))
                }
                + [("49990", "Övriga kostnader", Plan.unclassifiedMSEK * 100_000_000)]
            for (ci, (account, text, amount)) in others.enumerated() {
                let suppliers = (0..<25).map { k in
                    Supplier(
                        org: withLuhn("55\(7100000 + ci * 1000 + k * 37)".prefix(9).description),
                        names: ["\(Self.word(ci + 10, k)) \(Self.suffixes[k % 4])"], contract: nil)
                }
                let w = suppliers.indices.map { 1.0 / pow(Double($0) + 1, 1.2) }
                for (s, a) in zip(suppliers, Allocation.split(amount, weights: w)) {
                    let b = rng.int(0...7)
                    lines += Self.invoiceLines(
                        supplier: s, amount: a, count: max(1, min(120, Int(a / 10_000_000))) * scale, year: year,
                        board: b,
                        sub: "", account: (account, text), rng: &rng, invoiceNo: &invoiceNo)
                }
            }
            ledger[year] = lines
        }
        for year in [2020, 2021, 2022] {
            let path = dir + "/ledger/proceedo-\(year).csv"
            try writeAtomically(Self.proceedo(ledger[year]!, rng: &rng, extras: true), to: path)
            written.append(path)
        }
        // An overlapping dump: December 2022 exported again; every line in it is a duplicate.
        let december = ledger[2022]!.filter { $0.booking.month == 12 }.prefix(400 * scale)
        // sorts after the yearly dumps, as it came after them
        let overlap = dir + "/ledger/proceedo-omexport-2022-12.csv"
        try writeAtomically(Self.proceedo(Array(december), rng: &rng, extras: false), to: overlap)
        written.append(overlap)
        written.append(try Self.writeTable(dir + "/avtal.csv", header: ContractRegister.columns, rows: contracts))
        written.append(
            try Self.writeTable(
                dir + "/organisation.csv", header: ["kst", "forvaltning", "namnd"],
                rows: Plan.boards.map { [$0.kst, $0.forvaltning, $0.name] }))
        written.append(
            try Self.writeTable(dir + "/regler.csv", header: RuleTable.columns, rows: Self.rules(named: named.map(\.0)))
        )
        return written
    }
}
