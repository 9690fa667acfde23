/// The CSV tables behind the report (SPEC §5), each its own format.
public struct CSVTableFormat: ReportFormat {
    public static let name = "csv"
    public let fileName: String
    /// The table of a year; the workbook (`spend.xlsx`) has one sheet per table.
    public let build: @Sendable (ReportContext) -> ReportTable
    /// For the lists of rows (rejects, excluded): the list, written whole by `write` in pieces; `build` (the
    /// workbook's sheet) shows its first `maxIssueRows`.
    let issues: (@Sendable (ReportContext) -> RowIssues)?

    /// Rows of a reject or exclusion list that the workbook shows; the CSV has them all.
    static let maxIssueRows = 10_000

    init(fileName: String, issues: (@Sendable (ReportContext) -> RowIssues)? = nil, build: @escaping @Sendable (ReportContext) -> ReportTable) {
        self.fileName = fileName
        self.issues = issues
        self.build = build
    }

    public func render(_ ctx: ReportContext) -> [UInt8] {
        guard issues != nil else { return CSVWriter(build(ctx)).bytes }
        var out: [UInt8] = []
        try? write(ctx) { out += $0 }  // the sink never throws
        return out
    }

    public func write(_ ctx: ReportContext, to sink: ([UInt8]) throws -> Void) throws {
        guard let issues else { return try sink(render(ctx)) }
        var w = CSVWriter(header: CSVTableFormat.issueHeader)
        for r in issues(ctx) {
            w.row(table: CSVTableFormat.issueRow(r))
            if w.bytes.count >= 1 << 18 { try sink(w.take()) }
        }
        try sink(w.take())
    }

    private static let issueHeader = ["fil", "rad", "orsak"]
    private static func issueRow(_ r: RowIssue) -> [ReportTable.Cell] { [t(r.file), n(r.line), t(r.reason)] }

    /// A list of rows (rejects, excluded) as a table of its own.
    private static func issueTable(_ fileName: String, _ list: @escaping @Sendable (ReportContext) -> RowIssues) -> CSVTableFormat {
        CSVTableFormat(fileName: fileName, issues: list) { ctx in
            var w = ReportTable(header: issueHeader)
            let all = list(ctx)
            for r in all.prefix(maxIssueRows) { w.row(issueRow(r)) }
            if all.count > maxIssueRows { w.row([t("…"), .blank, t("\(all.count - maxIssueRows) rader till, alla i \(fileName)")]) }
            return w
        }
    }

    private static func n(_ v: Int) -> ReportTable.Cell { .int(v) }
    /// An amount column's name with the run's currency: `belopp_sek`, `belopp_gbp`.
    private static func cur(_ name: String, _ ctx: ReportContext) -> String { name + "_" + ctx.report.currency.columnSuffix }
    private static func kr(_ v: Int64) -> ReportTable.Cell { .money(v) }
    private static func pct(_ r: Ratio) -> ReportTable.Cell { .percent(r) }
    private static func t(_ s: String) -> ReportTable.Cell { s.isEmpty ? .blank : .text(s) }

    public static let all: [CSVTableFormat] = [
        CSVTableFormat(fileName: "subcategories.csv") { ctx in
            var w = ReportTable(header: ["underkategori", cur("belopp", ctx), "andel_procent", "leverantorer", "fakturor", "rader", cur("ej_avtal", ctx), "ej_avtal_procent",
                                       "storsta_leverantor", cur("foregaende_ar", ctx), "forandring_procent"])
            let previous = ctx.history.last
            for s in ctx.report.subcategories {
                let before = previous?.subcategories.first { $0.name == s.name }?.amount
                w.row([t(s.name), kr(s.amount), pct(s.share), n(s.suppliers), n(s.invoices), n(s.lines), kr(s.offContract), pct(s.offContractShare),
                       t(s.largestSupplier ?? ""), before.map(kr) ?? t(""), before.flatMap { $0 > 0 ? pct(Ratio(s.amount - $0, $0)) : nil } ?? t("")])
            }
            if let previous {
                w.row([t("(alla)"), kr(ctx.report.total), pct(Ratio(1, 1)), n(ctx.report.suppliersWithSpend), n(ctx.report.invoices), n(ctx.report.lines),
                       kr(ctx.report.offContract), pct(ctx.report.offContractShare), t(""), kr(previous.total),
                       previous.total > 0 ? pct(Ratio(ctx.report.total - previous.total, previous.total)) : t("")])
            }
            return w
        },
        CSVTableFormat(fileName: "suppliers.csv") { ctx in
            var w = ReportTable(header: ["rang", "leverantor_id", "leverantor", cur("belopp", ctx), "andel_procent", "kumulativ_procent", "fakturor", "rader", "avtal", cur("ej_avtal", ctx), "underkategori"])
            var cum: Int64 = 0
            for (i, s) in ctx.report.suppliers.enumerated() {
                cum += s.amount
                w.row([n(i + 1), t(s.id), t(s.name), kr(s.amount), pct(s.share), pct(Ratio(cum, ctx.report.total)), n(s.invoices), n(s.lines),
                       t(s.onContract ? "ja" : "nej"), kr(s.offContract), t(s.mainSubcategory)])
            }
            return w
        },
        CSVTableFormat(fileName: "boards.csv") { ctx in
            var w = ReportTable(header: ["underkategori", "namnd", cur("belopp", ctx), "andel_procent", "fakturor", "rader", cur("ej_avtal", ctx)])
            for b in ctx.report.boards { w.row([t("(alla)"), t(b.name), kr(b.amount), pct(b.share), n(b.invoices), n(b.lines), kr(b.offContract)]) }
            for b in ctx.report.boardBySubcategory { w.row([t(b.subcategory), t(b.board), kr(b.amount), pct(b.share), t(""), t(""), t("")]) }
            return w
        },
        // The buying organisation (kopare / kommun), its own dimension: one run covers every organisation calling
        // off a coordinated framework (seed 003).
        CSVTableFormat(fileName: "buyers.csv") { ctx in
            var w = ReportTable(header: ["kopare", cur("belopp", ctx), "andel_procent"])
            for b in ctx.report.buyers { w.row([t(b.name), kr(b.amount), pct(b.share)]) }
            return w
        },
        CSVTableFormat(fileName: "loyalty.csv") { ctx in
            var w = ReportTable(header: ["ar", "underkategori", cur("belopp", ctx), cur("avtal", ctx), cur("ej_avtal", ctx), "ej_avtal_procent"])
            for r in ctx.history + [ctx.report] {
                w.row([n(r.year), t("(alla)"), kr(r.total), kr(r.onContract), kr(r.offContract), pct(r.offContractShare)])
                for s in r.subcategories {
                    w.row([n(r.year), t(s.name), kr(s.amount), kr(s.amount - s.offContract), kr(s.offContract), pct(s.offContractShare)])
                }
            }
            // Avtalstrohet: lines carrying a contract reference, by what the reference turned out to be.
            for (outcome, amount) in ctx.report.contractRefs {
                w.row([n(ctx.report.year), t("avtalsreferens: " + outcome), kr(amount), t(""), t(""), t("")])
            }
            return w
        },
        CSVTableFormat(fileName: "invoices.csv") { ctx in
            var w = ReportTable(header: ["leverantor_id", "leverantor", "fakturor", "rader", cur("belopp", ctx), cur("hanteringskostnad", ctx)])
            let bySize = ctx.report.suppliers.sorted { $0.invoices != $1.invoices ? $0.invoices > $1.invoices : $0.name < $1.name }
            for s in bySize {
                w.row([t(s.id), t(s.name), n(s.invoices), n(s.lines), kr(s.amount), kr(Int64(s.invoices) * ctx.report.invoiceHandlingCost)])
            }
            return w
        },
        CSVTableFormat(fileName: "risks.csv") { ctx in
            var w = ReportTable(header: ["risk", "avtal_eller_leverantor", "namn", "underkategori", cur("belopp", ctx), cur("grans", ctx), "datum", "kommentar"])
            for d in ctx.report.directAwards {
                w.row([t("direktupphandling"), t(d.supplier), t(d.name), t(d.subcategory), kr(d.offContract), kr(d.threshold), t(""), t("köp utan avtal över direktupphandlingsgränsen")])
            }
            for e in ctx.report.expiring {
                w.row([t("avtal löper ut"), t(e.contract.id), t(e.contract.name), t(e.contract.subcategory), kr(e.yearlySpend), t(""), t(e.endsOn.description), t("upphandling måste starta senast \(e.mustStartBy)")])
            }
            for c in ctx.report.ceilings {
                w.row([t("avtalstak"), t(c.contract.id), t(c.contract.name), t(c.contract.subcategory), kr(c.spent), kr(c.contract.ceiling ?? 0),
                       t(c.projectedReach?.description ?? ""), t("\(Fmt.percent(c.share)) av taket förbrukat")])
            }
            return w
        },
        issueTable("rejects.csv") { $0.rejects },
        issueTable("excluded.csv") { $0.excluded },
        issueTable("duplicates.csv") { $0.duplicates },
        CSVTableFormat(fileName: "unclassified.csv") { ctx in
            var w = ReportTable(header: ["typ", "nyckel", "namn", cur("belopp", ctx), "andel_av_all_spend_procent"])
            for s in ctx.report.unclassifiedSuppliers.prefix(200) { w.row([t("leverantör"), t(SupplierKey.display(of: s.key)), t(s.name), kr(s.amount), pct(Ratio(s.amount, ctx.report.allSpend))]) }
            for a in ctx.report.unclassifiedAccounts.prefix(200) { w.row([t("konto"), t(a.account), t(""), kr(a.amount), pct(Ratio(a.amount, ctx.report.allSpend))]) }
            return w
        },
    ]
}
