/// The CSV tables behind the report (SPEC §5), each its own format.
public struct CSVTableFormat: ReportFormat, Sendable {
    public let fileName: String
    /// The workbook's name for the table's sheet (Swedish, at most 31 characters).
    public let sheet: String
    /// The table of a year; the workbook (`spend.xlsx`) has one sheet per table.
    public let build: @Sendable (ReportContext) -> ReportTable
    /// For the lists of rows (rejects, excluded): the list, written whole by `write` in pieces; `build` (the
    /// workbook's sheet) shows its first `maxIssueRows`.
    let issues: (@Sendable (ReportContext) -> RowIssues)?

    /// Rows of a reject or exclusion list that the workbook shows; the CSV has them all.
    static let maxIssueRows = 10_000

    init(
        _ fileName: String, sheet: String, issues: (@Sendable (ReportContext) -> RowIssues)? = nil,
        build: @escaping @Sendable (ReportContext) -> ReportTable
    ) {
        self.fileName = fileName
        self.sheet = sheet
        self.issues = issues
        self.build = { ctx in build(ctx).named(in: ctx.report.currency) }
    }

    public func render(_ ctx: ReportContext) -> [UInt8] {
        guard issues != nil else { return CSVWriter(build(ctx)).bytes }
        var out: [UInt8] = []
        try? write(ctx) { out += $0 }  // the sink never throws
        return out
    }

    public func write(_ ctx: ReportContext, to sink: ([UInt8]) throws -> Void) throws {
        guard let issues else {
            let table = build(ctx)
            var w = CSVWriter(header: table.header)
            for r in table.rows {
                w.row(table: r)
                if w.bytes.count >= 1 << 18 { try sink(w.take()) }
            }
            return try sink(w.take())
        }
        var w = CSVWriter(header: CSVTableFormat.issueHeader)
        for r in issues(ctx) {
            w.row(table: CSVTableFormat.issueRow(r, ctx))
            if w.bytes.count >= 1 << 18 { try sink(w.take()) }
        }
        try sink(w.take())
    }

    private static let issueHeader = ["fil", "rad", "orsak"]
    private static func issueRow(_ r: RowIssue, _ ctx: ReportContext) -> [ReportTable.Cell] {
        [t(ctx.paths.show(r.file)), n(r.line), t(ctx.paths.reason(r.reason))]
    }

    /// A list of rows (rejects, excluded) as a table of its own.
    static func issueTable(_ fileName: String, sheet: String, _ list: @escaping @Sendable (ReportContext) -> RowIssues)
        -> CSVTableFormat
    {
        CSVTableFormat(fileName, sheet: sheet, issues: list) { ctx in
            var w = ReportTable(header: issueHeader)
            let all = list(ctx)
            for r in all.prefix(maxIssueRows) { w.row(issueRow(r, ctx)) }
            if all.count > maxIssueRows {
                w.row([t("…"), .blank, t("\(all.count - maxIssueRows) rader till, alla i \(fileName)")])
            }
            return w
        }
    }

    static func n(_ v: Int) -> ReportTable.Cell { .int(v) }
    static func kr(_ v: Int64) -> ReportTable.Cell { .money(v) }
    static func pct(_ r: Ratio) -> ReportTable.Cell { .percent(r) }
    static func t(_ s: String) -> ReportTable.Cell { s.isEmpty ? .blank : .text(s) }
}
