/// The category plan's appendix (seed 002 §10.1–10.2) in the plan's own voice, built once from the data so that
/// `bilaga3.md` and `bilaga3.html` say the same: the plan's statements where the data bears them, with the data's
/// figures, and its charts as "Bild 4"–"Bild 7", each also written as `bild-N.svg`.
public struct Bilaga3Document: Sendable {
    public enum Block: Sendable {
        /// A section heading: the appendix's own text, never data.
        case heading(Int, String)
        case paragraph(String)
        case table(ReportDocument.Table)
        /// A chart, with the caption the plan gives it, and its file.
        case figure(ReportDocument.Chart, caption: String, file: String)
    }

    public var title: String
    public var blocks: [Block] = []

    /// The appendix's charts, numbered as in the plan.
    public static func charts(_ ctx: ReportContext) -> [(chart: ReportDocument.Chart, caption: String)] {
        let r = ctx.report
        let years = (ctx.history + [r]).map { String($0.year) }
        let yearList =
            years.count <= 1 ? years.joined() : years.dropLast().joined(separator: ", ") + " och " + years.last!
        let pareto = ReportDocument.paretoChart(r)
        return [
            (
                ReportDocument.subcategoryChart(r),
                "Adresserbar spend för \(r.year) för \(Self.named(r)), per underkategori"
            ),
            (pareto, "Spend för \(pareto.items.count == 1 ? "den största leverantören" : "de \(pareto.items.count) största leverantörerna") inom kategorin \(r.year)"),
            (ReportDocument.boardChart(r), "Spendens fördelning mellan nämnderna för \(Self.named(r)) \(r.year)"),
            (ReportDocument.offContractChart(ctx), "Spend som visar leverantörstroheten \(yearList)"),
        ].map { c, caption in
            var c = c
            c.title = caption
            return (c, caption)
        }
    }

    public init(_ ctx: ReportContext) {
        let r = ctx.report
        title = "Bilaga 3 – Nulägesanalys, \(r.category) \(r.year)"
        let charts = Bilaga3Document.charts(ctx)
        func figure(_ i: Int) -> Block {
            .figure(charts[i].chart, caption: charts[i].caption, file: "bild-\(charts[i].chart.figure).svg")
        }
        blocks.append(.heading(2, "10.1 Spendanalys"))
        blocks += Bilaga3Document.overview(ctx).map(Block.paragraph)
        blocks.append(figure(0))
        blocks += Bilaga3Document.subcategoryTexts(r).map(Block.paragraph)
        blocks.append(.table(Bilaga3Document.subcategoryTable(r)))
        blocks += Bilaga3Document.supplierTexts(ctx).map(Block.paragraph)
        blocks.append(figure(1))
        blocks += Bilaga3Document.boardTexts(r).prefix(1).map(Block.paragraph)
        blocks.append(figure(2))
        blocks += Bilaga3Document.boardTexts(r).dropFirst().map(Block.paragraph)
        blocks += Bilaga3Document.invoiceTexts(r).map(Block.paragraph)
        blocks.append(.heading(2, "10.2 Leverantörstrohet"))
        let loyalty = Bilaga3Document.loyaltyTexts(ctx)
        blocks += loyalty.prefix(2).filter { !$0.isEmpty }.map(Block.paragraph)
        blocks.append(figure(3))
        blocks += loyalty.dropFirst(2).map(Block.paragraph)
    }

    // MARK: wording

    static func mkr(_ v: Int64, _ c: Currency) -> String { Fmt.millionsExact(v) + " miljoner " + c.unit }
    /// A column's unit of millions: `mnkr`, `mn GBP`.
    static func mn(_ c: Currency) -> String { c == .sek ? "mnkr" : "mn " + c.code }
    static func pct(_ v: Ratio) -> String { Fmt.percent(v) }
    static func list(_ xs: [String], last: String = "och") -> String {
        xs.count <= 1 ? xs.joined() : xs.dropLast().joined(separator: ", ") + " \(last) " + xs.last!
    }
    static let ordinals = [
        "", "största", "näst största", "tredje största", "fjärde största", "femte största", "sjätte största",
        "sjunde största", "åttonde största", "nionde största", "tionde största",
    ]

    /// `knappt 10 %` for 9,9 %, `drygt 30 %` for 30,7 %: the nearest multiple of 5 within one point, else of 1.
    static func roughly(_ share: Ratio) -> String {
        let tenths = share.scaled(3)
        let five = (tenths + 25) / 50 * 50
        let target = abs(tenths - five) <= 10 ? five : (tenths + 5) / 10 * 10
        let word = tenths < target ? "knappt " : tenths > target ? "drygt " : ""
        return word + Fmt.group(target / 10) + "\u{A0}%"
    }

    /// The category's size, its place among the categories, and how IT is delimited.
    static func overview(_ ctx: ReportContext) -> [String] {
        let r = ctx.report
        var t = "\(Self.named(r).prefix(1).uppercased() + Self.named(r).dropFirst()) hade en total spend på ca \(mkr(r.total, r.currency)) \(r.year)"
        if let p = ctx.history.last { t += " (\(mkr(p.total, r.currency)) år \(p.year))" }
        t += "."
        if let rank = r.categoryRank, r.categories.count > 1 {
            let place = rank < ordinals.count ? ordinals[rank] : "\(rank):e största"
            t +=
                " \(r.category) är den \(place) kategorin av kommunens totalt \(r.categories.count) kategorier och står idag för "
                + "\(roughly(Ratio(r.total, r.allSpend))) (\(pct(Ratio(r.total, r.allSpend)))) av kommunens spend."
            t +=
                " Dock ska tilläggas att fördelningen påverkas av definitionen av vad som ska kategoriseras som IT: här avgör regeltabellens klassificering"
            t +=
                r.unclassified != 0
                ? ", och \(mkr(r.unclassified, r.currency)) (\(pct(r.unclassifiedShare)) av kommunens spend) har inte kunnat föras till någon kategori."
                : "."
        }
        return [t]
    }

    /// The largest subcategories, each with its largest suppliers, as the plan writes them.
    static func subcategoryTexts(_ r: YearReport) -> [String] {
        func suppliers(_ sub: String) -> [YearReport.SubcategorySupplier] {
            r.subcategorySuppliers.filter { $0.subcategory == sub && $0.amount > 0 }
        }
        var out: [String] = []
        for (i, s) in r.subcategories.prefix(4).enumerated() where s.amount > 0 {
            let top = suppliers(s.name)
            switch i {
            case 0:
                var t =
                    "Den största underkategorin är \(s.name) (vilken står för \(pct(s.share)) av spenden) med en spend år \(r.year) på \(mkr(s.amount, r.currency))"
                if let first = top.first {
                    t += " där \(first.name) är den största leverantören med \(mkr(first.amount, r.currency))"
                    let next = top.dropFirst().prefix(2).map { "\($0.name) (\(mkr($0.amount, r.currency)))" }
                    if !next.isEmpty { t += ", följt av \(list(next))" }
                }
                out.append(t + ".")
            case 1:
                var t =
                    "Inom \(s.name) spenderade kommunen \(r.year) totalt \(mkr(s.amount, r.currency)), vilket motsvarar \(pct(s.share)) av spenden i kategorin."
                if let first = top.first {
                    t +=
                        " Den största leverantören inom \(s.name) är \(first.name) med en total spend på \(mkr(first.amount, r.currency)) år \(r.year)."
                }
                out.append(t)
            default:
                var t = "\(s.name) står för \(pct(s.share)), vilket motsvaras av \(mkr(s.amount, r.currency))"
                if let first = top.first {
                    t += ", med \(first.name) som största leverantör på \(mkr(first.amount, r.currency))"
                }
                out.append(t + ".")
            }
        }
        return out
    }

    /// Millions with the same decimals in a whole column: one when every value has one, else two.
    static func millionsDecimals(_ values: [Int64]) -> Int { values.allSatisfy { $0 % 10_000_000 == 0 } ? 1 : 2 }

    static func subcategoryTable(_ r: YearReport) -> ReportDocument.Table {
        let d = millionsDecimals(r.subcategories.flatMap { [$0.amount, $0.largestSupplierAmount] })
        return ReportDocument.Table(
            caption: "Spend per underkategori \(r.year)",
            columns: [
                "Underkategori", "Spend, \(mn(r.currency))", "Andel", "Största leverantör",
                "Dess spend, \(mn(r.currency))",
            ], numeric: [1, 2, 4],
            rows: r.subcategories.map {
                [
                    $0.name, Fmt.millions($0.amount, decimals: d), pct($0.share), $0.largestSupplier ?? "–",
                    $0.largestSupplier == nil ? "–" : Fmt.millions($0.largestSupplierAmount, decimals: d),
                ]
            })
    }

    /// Supplier count, the tail and the largest suppliers.
    static func supplierTexts(_ ctx: ReportContext) -> [String] {
        let r = ctx.report
        var t = "Kommunen köper inom kategorin från \(r.suppliersWithSpend == 1 ? "1 leverantör" : "\(Fmt.group(Int64(r.suppliersWithSpend))) olika leverantörer")"
        if let p = ctx.history.last { t += " (\(p.year) var antalet \(Fmt.group(Int64(p.suppliersWithSpend))))" }
        var out = [t + "."]
        if r.tailSuppliers > 0 {
            let long = r.tailSuppliers * 2 >= r.suppliersWithSpend, n = Fmt.group(Int64(r.tailSuppliers))
            let size = long ? "är lång" : "omfattar \(n) \(r.tailSuppliers == 1 ? "leverantör" : "leverantörer")"
            let rest = r.tailSuppliers == 1 ? "den övriga står för" : "de övriga \(n) tillsammans står för"
            out.append(
                "Svansen inom kategorin, dvs. sällanköpsleverantörer med låg spend, \(size): \(r.suppliersFor80) av de "
                    + "\(Fmt.group(Int64(r.suppliersWithSpend))) leverantörerna står för 80 % av spenden, medan \(rest) \(mkr(r.tailAmount, r.currency)) "
                    + "(\(pct(Ratio(r.tailAmount, r.total))))." + topThree(r))
        }
        return out
    }

    static func topThree(_ r: YearReport) -> String {
        let top = Array(r.suppliers.prefix(3).filter { $0.amount > 0 })
        guard top.count == 3 else { return "" }
        let without = top.filter { !$0.onContract }.map(\.name)
        return " Topp 3 leverantörer är \(list(top.map { "\($0.name) (\(mkr($0.amount, r.currency)))" }))"
            + (without.isEmpty
                ? ", samtliga med avtal."
                : without.count == 3
                    ? ", ingen av dem med avtal för allt som köpts."
                    : ", där \(list(without)) även har köp utanför avtal.")
    }

    /// The boards that buy the most, and who buys within the largest subcategories.
    static func boardTexts(_ r: YearReport) -> [String] {
        var out: [String] = []
        let boards = r.boards.prefix(4).map { "\($0.name) (\(pct($0.share)))" }
        if let first = boards.first {
            out.append(
                "Den största beställande verksamheten inom kategorin är \(first)"
                    + (boards.count > 1 ? ", följt av \(list(Array(boards.dropFirst()), last: "samt"))" : "") + ".")
        }
        var dominated: [(sub: String, board: String, share: Ratio)] = []
        var spread: [String] = []
        for s in r.subcategories where s.amount > 0 {
            let within = r.boardBySubcategory.filter { $0.subcategory == s.name && $0.amount > 0 }
            guard let top = within.first else { continue }
            if top.share.scaled(3) >= 750 {
                dominated.append((s.name, top.board, top.share))
            } else if spread.count < 2 && within.count > 1 {
                spread.append(
                    "Inom \(s.name) är \(list(within.prefix(3).map { "\($0.board) (\(pct($0.share)))" })) största köpare."
                )
            }
        }
        out += spread
        for board in Set(dominated.map(\.board)).sorted() {
            let subs = dominated.filter { $0.board == board }.sorted { $0.share.scaled(6) > $1.share.scaled(6) }
            var t =
                "\(subs[0].sub) köps \(subs[0].share.scaled(3) >= 900 ? "nästan uteslutande" : "till största delen") av \(board) (\(pct(subs[0].share)))"
            if subs.count > 1 { t += ", likaså \(list(subs.dropFirst().map { "\($0.sub) (\(pct($0.share)))" }))" }
            out.append(t + ".")
        }
        if let s = r.suppliers.first, s.amount > 0 {
            out.append(
                "Största leverantör i kategorin är \(s.name), som fakturerade kommunen för totalt \(mkr(s.amount, r.currency)) år \(r.year)"
                    + (s.mainSubcategory.isEmpty ? "." : ", främst inom \(s.mainSubcategory)."))
        }
        return out
    }

    /// The invoice volume and its largest senders.
    static func invoiceTexts(_ r: YearReport) -> [String] {
        let volumes = r.suppliersByInvoices.prefix(2)
        guard let v = volumes.first, r.invoices > 0 else { return [] }
        var t =
            "Det är en stor mängd fakturor inom kategorin som ska hanteras, totalt \(Fmt.antal(r.invoices, "faktura", "fakturor")) år \(r.year). "
        t += "T.ex. \(v.name) med \(Fmt.antal(v.invoices, "faktura", "fakturor"))"
        if volumes.count > 1 {
            t += " samt \(volumes.last!.name) med \(Fmt.antal(volumes.last!.invoices, "faktura", "fakturor"))"
        }
        t += "."
        if r.invoiceHandlingCost > 0 {
            t +=
                " Med \(Fmt.kronor(r.invoiceHandlingCost, r.currency)) per faktura kostar hanteringen \(Fmt.kronor(Int64(r.invoices) * r.invoiceHandlingCost, r.currency)) om året;"
            t += " sammanslagning och längre fakturaperioder bör övervägas."
        } else {
            t +=
                " Då fakturahanteringen kostar i administration bör sammanslagning och längre fakturaperioder övervägas."
        }
        return [t]
    }
}

extension Bilaga3Document {
    /// `kategori IT och telekom`, or `alla kategorier` for a run without `--category`.
    static func named(_ r: YearReport) -> String {
        r.category == AnalysisSettings.allCategories ? "alla kategorier" : "kategori \(r.category)"
    }
}

