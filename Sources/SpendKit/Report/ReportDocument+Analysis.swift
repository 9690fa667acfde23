/// The sections a category plan's readers ask for next: who supplies each subcategory, which board buys what, when in
/// the year the money goes, and direct-award risk per kind of purchase.
extension ReportDocument {
    static let monthNames = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    /// Suppliers per subcategory that the report shows; `subcategory_suppliers.csv` has them all.
    static let suppliersPerSubcategory = 5

    /// The largest suppliers of each subcategory.
    static func subcategorySuppliers(_ r: YearReport) -> [Block] {
        guard !r.subcategorySuppliers.isEmpty else { return [] }
        var rows: [[String]] = []
        var shown = 0, current = ""
        for s in r.subcategorySuppliers {
            if s.subcategory != current { current = s.subcategory; shown = 0 }
            shown += 1
            guard shown <= suppliersPerSubcategory else { continue }
            rows.append([
                s.subcategory, String(shown), s.name, Fmt.kronor(s.amount, r.currency), Fmt.percent(s.share),
                Fmt.kronor(s.offContract, r.currency),
            ])
        }
        return [
            .heading(2, "Leverantörer per underkategori"),
            .table(
                Table(
                    caption:
                        "De \(suppliersPerSubcategory) största leverantörerna inom varje underkategori \(r.year) (alla i subcategory_suppliers.csv)",
                    columns: [
                        "Underkategori", "Rang", "Leverantör", "Spend", "Andel av underkategorin", "Utanför avtal",
                    ],
                    numeric: [1, 3, 4, 5], rows: rows)),
        ]
    }

    /// Boards by subcategory: each cell the board's share of the subcategory's spend, and its share of the category.
    static func boardMatrix(_ r: YearReport) -> [Block] {
        guard r.subcategories.count > 1, !r.boards.isEmpty else { return [] }
        var cell: [String: [String: Ratio]] = [:]
        for b in r.boardBySubcategory { cell[b.board, default: [:]][b.subcategory] = b.share }
        let subs = r.subcategories.map(\.name)
        let rows = r.boards.map { b in
            [b.name] + subs.map { s in cell[b.name]?[s].map { Fmt.percent($0) } ?? "–" } + [Fmt.percent(b.share)]
        }
        return [
            .heading(3, "Nämnd per underkategori"),
            .table(
                Table(
                    caption:
                        "Nämndernas andel av varje underkategoris spend \(r.year) (kolumnerna summerar till 100 %)",
                    columns: ["Nämnd"] + subs + ["Hela kategorin"], numeric: Set(1...(subs.count + 1)), rows: rows)),
        ]
    }

    /// Spend per month, when every line was booked to its month.
    static func monthBlocks(_ r: YearReport) -> [Block] {
        guard r.months.count == 12 else { return [] }
        var cum: Int64 = 0
        var rows: [[String]] = []
        for (i, m) in r.months.enumerated() {
            cum += m
            rows.append([
                monthNames[i], Fmt.kronor(m, r.currency), Fmt.percent(Ratio(m, r.total)),
                Fmt.percent(Ratio(cum, r.total)),
            ])
        }
        let table = Table(
            caption: "Spend per månad \(r.year)", columns: ["Månad", "Spend", "Andel", "Kumulativ andel"],
            numeric: [1, 2, 3], rows: rows)
        let chart = Chart(
            figure: 8, title: "Spend per månad \(r.year)", kind: .months,
            items: r.months.enumerated().map {
                .init(label: monthNames[$0.offset], value: $0.element, text: Fmt.kronor($0.element, r.currency))
            },
            table: table, currency: r.currency)
        return [.heading(2, "Spend per månad"), .chart(chart)]
    }

    /// Off-contract spend per subcategory summed over suppliers, against the year's threshold: LOU counts every
    /// direct award of the same kind in the contracting authority together.
    static func directAwardKinds(_ r: YearReport) -> [Block] {
        guard let threshold = r.directAwardThreshold else {
            return [
                .paragraph(
                    "Ingen direktupphandlingsgräns är angiven för \(r.year) (direct_award_threshold), så köp utanför avtal prövas inte mot den."
                )
            ]
        }
        let flagged = r.directAwardKinds.filter(\.flagged)
        var text =
            "Direktupphandlingsgränsen \(r.year) är \(Fmt.kronor(threshold, r.currency)). Den gäller värdet av alla direktupphandlingar av samma slag i hela kommunen, "
            + "så köp utanför avtal summeras per underkategori över alla leverantörer. "
        text +=
            flagged.isEmpty
            ? "Ingen underkategori har köp utanför avtal över gränsen."
            : "\(flagged.count) \(flagged.count == 1 ? "underkategori har" : "underkategorier har") köp utanför avtal över gränsen."
        var out: [Block] = [.paragraph(text)]
        if !r.directAwardKinds.isEmpty {
            out.append(
                .table(
                    Table(
                        caption: "Köp utanför avtal per underkategori (samma slag), summerat över leverantörerna",
                        columns: [
                            "Underkategori", "Utanför avtal", "Leverantörer utan avtal", "Största av dem",
                            "Över gränsen",
                        ], numeric: [1, 2],
                        rows: r.directAwardKinds.map { k in
                            [
                                k.subcategory, Fmt.kronor(k.offContract, r.currency), Fmt.group(Int64(k.suppliers)),
                                k.largestSupplier.map { "\($0) (\(Fmt.kronor(k.largestAmount, r.currency)))" } ?? "–",
                                k.flagged ? "ja" : "nej",
                            ]
                        })))
        }
        return out
    }
}
