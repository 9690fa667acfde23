/// The yearly report as format-neutral blocks, built once, so `report.md` and `report.html` say the same things.
public struct ReportDocument: Sendable {
    public struct Table: Sendable {
        public var caption: String
        public var columns: [String]
        /// Right-aligned (numeric) columns.
        public var numeric: Set<Int>
        public var rows: [[String]]
        /// Columns that never wrap (dates), besides the numeric ones.
        public var nowrap: Set<Int> = []
    }

    /// A chart drawn from integer values (öre, or shares in hundredths of a percent), each with its printed text.
    public struct Chart: Sendable {
        public enum Kind: Sendable { case bars, pareto, columns, months }
        public struct Item: Sendable {
            public var label: String; public var value: Int64; public var text: String
            /// The part of `value` bought off contract (Pareto).
            public var off: Int64 = 0
        }
        public var figure: Int
        public var title: String
        public var kind: Kind
        public var items: [Item]
        /// Pareto: cumulative share after each item, in hundredths of a percent (0…10 000).
        public var cumulative: [Int64] = []
        /// The table beside the chart, for screen readers and for copying.
        public var table: Table
        /// The currency of an amount scale's unit (`tkr`, or `tusen GBP` for a ledger in pounds).
        public var currency: Currency = .sek
    }

    public enum Block: Sendable {
        case heading(Int, String)
        case paragraph(String)
        case table(Table)
        case chart(Chart)
    }

    public var title: String
    public var blocks: [Block] = []

    /// The whole report of one year.
    public init(_ ctx: ReportContext) {
        let r = ctx.report
        title = "Spendanalys \(r.category) \(r.year)"
        blocks.append(.paragraph(ReportDocument.summary(ctx)))
        blocks.append(.table(ReportDocument.keyFigures(ctx)))
        blocks.append(.heading(2, "Spend per underkategori"))
        blocks.append(.chart(ReportDocument.subcategoryChart(r)))
        blocks += ReportDocument.subcategorySuppliers(r)
        let pareto = ReportDocument.paretoChart(r)
        blocks.append(.heading(2, pareto.items.count == 1 ? "Den största leverantören" : "De \(pareto.items.count) största leverantörerna"))
        blocks.append(
            .paragraph(
                "\(r.suppliersFor80) av \(Fmt.antal(r.suppliersWithSpend, "leverantör", "leverantörer")) står för 80 % av spenden; "
                    + "svansen är \(Fmt.group(Int64(r.tailSuppliers))) \(r.tailSuppliers == 1 ? "leverantör" : "leverantörer") med sammanlagt \(Fmt.kronor(r.tailAmount, r.currency))."
            ))
        blocks.append(.chart(pareto))
        blocks.append(.heading(2, "Spend per nämnd"))
        blocks.append(.chart(ReportDocument.boardChart(r)))
        blocks += ReportDocument.boardMatrix(r)
        if r.buyers.count > 1 {
            blocks.append(.heading(2, "Spend per köpande organisation"))
            blocks.append(
                .table(
                    Table(
                        caption: "\(r.buyers.count) köpande organisationer \(r.year)",
                        columns: ["Köpare", "Spend", "Andel"],
                        numeric: [1, 2],
                        rows: r.buyers.map { [$0.name, Fmt.kronor($0.amount, r.currency), Fmt.percent($0.share)] })))
        }
        blocks.append(.heading(2, "Köp utanför avtal över åren"))
        blocks.append(.chart(ReportDocument.offContractChart(ctx)))
        blocks += ReportDocument.monthBlocks(r)  // Figur 8 after the plan's Figur 4–7
        blocks += ReportDocument.risks(r)
        blocks += ReportDocument.invoiceBlocks(r)
        blocks += ReportDocument.quality(ctx)
    }

    static func summary(_ ctx: ReportContext) -> String {
        let r = ctx.report
        var s = "\(r.category) hade \(r.year) en spend på \(Fmt.kronor(r.total, r.currency))"
        if let p = ctx.history.last, p.total != 0 {
            s += " (\(Fmt.kronor(p.total, r.currency)) \(p.year), \(signedPercent(Ratio(r.total - p.total, p.total))))"
        }
        s +=
            " hos \(Fmt.antal(r.suppliersWithSpend, "leverantör", "leverantörer")), fördelat på \(Fmt.antal(r.invoices, "faktura", "fakturor")). "
        s += "\(Fmt.percent(r.offContractShare)) (\(Fmt.kronor(r.offContract, r.currency))) köptes utanför avtal."
        return s
    }

    static func keyFigures(_ ctx: ReportContext) -> Table {
        let r = ctx.report
        var rows: [[String]] = [["Total spend", Fmt.kronor(r.total, r.currency)]]
        if let p = ctx.history.last { rows.append(["Total spend \(p.year)", Fmt.kronor(p.total, r.currency)]) }
        rows += [
            ["Andel av all spend", Fmt.percent(Ratio(r.total, r.allSpend))],
            ["Leverantörer med spend", Fmt.group(Int64(r.suppliersWithSpend))],
            ["Leverantörer för 80 % av spenden", Fmt.group(Int64(r.suppliersFor80))],
            ["Fakturor", Fmt.group(Int64(r.invoices))],
            ["Konteringsrader", Fmt.group(Int64(r.lines))],
            ["Utanför avtal", "\(Fmt.kronor(r.offContract, r.currency)) (\(Fmt.percent(r.offContractShare)))"],
            ["Giltiga avtal i kategorin", Fmt.group(Int64(r.validContracts))],
            [
                "Oklassificerat, av all spend",
                "\(Fmt.kronor(r.unclassified, r.currency)) (\(Fmt.percent(r.unclassifiedShare)))",
            ],
        ]
        return Table(caption: "Nyckeltal \(r.year)", columns: ["Nyckeltal", "Värde"], numeric: [1], rows: rows)
    }

    static func subcategoryChart(_ r: YearReport) -> Chart {
        let table = Table(
            caption: "Spend per underkategori \(r.year)",
            columns: ["Underkategori", "Spend", "Andel", "Leverantörer", "Utanför avtal", "Största leverantör"],
            numeric: [1, 2, 3, 4],
            rows: r.subcategories.map {
                [
                    $0.name, Fmt.kronor($0.amount, r.currency), Fmt.percent($0.share), Fmt.group(Int64($0.suppliers)),
                    Fmt.percent($0.offContractShare), $0.largestSupplier ?? "–",
                ]
            })
        return Chart(
            figure: 4, title: "Spend per underkategori \(r.year)", kind: .bars,
            items: r.subcategories.map {
                .init(label: $0.name, value: $0.amount, text: chartAmount($0.amount, r.total, r.currency))
            }, table: table)
    }

    static func paretoChart(_ r: YearReport) -> Chart {
        // The largest: suppliers whose spend nets to zero or below are no part of it, as they are of no count.
        let top = Array(r.suppliers.prefix(42).filter { $0.amount > 0 })
        var cum: Int64 = 0
        var cumulative: [Int64] = []
        var rows: [[String]] = []
        for (i, s) in top.enumerated() {
            cum += s.amount
            cumulative.append(Ratio(cum, r.total).scaled(4))
            rows.append([
                String(i + 1), s.name, Fmt.kronor(s.amount, r.currency), Fmt.percent(s.share),
                Fmt.percent(Ratio(cum, r.total)),
                s.onContract ? "ja" : "nej", Fmt.kronor(s.offContract, r.currency),
            ])
        }
        let table = Table(
            caption: "De största leverantörerna \(r.year) med kumulativ andel",
            columns: ["Rang", "Leverantör", "Spend", "Andel", "Kumulativ andel", "Avtal", "Utanför avtal"],
            numeric: [0, 2, 3, 4, 6], rows: rows)
        return Chart(
            figure: 5, title: "\(top.count == 1 ? "Den största leverantören" : "De \(top.count) största leverantörerna") \(r.year) och kumulativ andel", kind: .pareto,
            items: top.map {
                .init(
                    label: $0.name, value: $0.amount, text: chartAmount($0.amount, r.total, r.currency),
                    off: max(0, $0.offContract))
            },
            cumulative: cumulative, table: table, currency: r.currency)
    }

    static func boardChart(_ r: YearReport) -> Chart {
        let table = Table(
            caption: "Spend per nämnd \(r.year)", columns: ["Nämnd", "Spend", "Andel", "Fakturor", "Utanför avtal"],
            numeric: [1, 2, 3, 4],
            rows: r.boards.map {
                [
                    $0.name, Fmt.kronor($0.amount, r.currency), Fmt.percent($0.share), Fmt.group(Int64($0.invoices)),
                    Fmt.kronor($0.offContract, r.currency),
                ]
            })
        return Chart(
            figure: 6, title: "Spend per nämnd \(r.year)", kind: .bars,
            items: r.boards.map { .init(label: $0.name, value: $0.amount, text: Fmt.percent($0.share)) }, table: table)
    }

    static func offContractChart(_ ctx: ReportContext) -> Chart {
        let years = ctx.history + [ctx.report]
        let table = Table(
            caption: "Köp utanför avtal per år", columns: ["År", "Spend", "Utanför avtal", "Andel"],
            numeric: [1, 2, 3],
            rows: years.map {
                [
                    String($0.year), Fmt.kronor($0.total, $0.currency), Fmt.kronor($0.offContract, $0.currency),
                    Fmt.percent($0.offContractShare),
                ]
            })
        return Chart(
            figure: 7, title: "Andel köp från ej avtalad och/eller registrerad leverantör", kind: .columns,
            items: years.map {
                .init(
                    label: String($0.year), value: $0.offContractShare.scaled(4), text: Fmt.percent($0.offContractShare)
                )
            },
            table: table)
    }

    /// A chart's value: `50,0 mnkr` when the category's spend is a million or more, else whole kronor.
    static func chartAmount(_ v: Int64, _ total: Int64, _ currency: Currency = .sek) -> String {
        total.magnitude >= 100_000_000
            ? Fmt.millions(v) + (currency == .sek ? " mnkr" : " mn " + currency.code) : Fmt.kronor(v, currency)
    }

    /// `+16,8 %` / `−10,0 %`.
    static func signedPercent(_ r: Ratio) -> String { (r.num >= 0 ? "+" : "") + Fmt.percent(r) }
}
