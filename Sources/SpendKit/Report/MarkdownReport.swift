/// `report.md`: the yearly report in Markdown; each chart appears as its table.
public struct MarkdownReport: ReportFormat {
    public let fileName = "report.md"
    public init() {}

    public func render(_ ctx: ReportContext) -> [UInt8] {
        let doc = ReportDocument(ctx)
        var t = "# \(MarkdownReport.inline(doc.title))\n"
        for b in doc.blocks {
            switch b {
            case .heading(let level, let s):
                t += "\n" + String(repeating: "#", count: level) + " " + MarkdownReport.inline(s) + "\n"
            case .paragraph(let s): t += "\n" + MarkdownReport.inline(s) + "\n"
            case .table(let table): t += MarkdownReport.table(table)
            case .chart(let c):
                t += "\n*Figur \(c.figure): \(MarkdownReport.inline(c.title))*\n" + MarkdownReport.table(c.table)
            }
        }
        return Array(t.utf8)
    }

    static func table(_ t: ReportDocument.Table) -> String {
        var s = "\n"
        s += "| " + t.columns.map(cell).joined(separator: " | ") + " |\n"
        s += "|" + t.columns.indices.map { t.numeric.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        for r in t.rows { s += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return s
    }

    /// A table cell: the one Markdown escaper (`Fmt.markdown`), which escapes pipes and flattens line breaks too.
    static func cell(_ s: String) -> String { Fmt.markdown(s) }

    /// Text that renders as itself (`Fmt.markdown`).
    static func inline(_ s: String) -> String { Fmt.markdown(s) }
}
