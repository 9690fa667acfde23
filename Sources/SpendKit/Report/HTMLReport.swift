/// `report.html`: one self-contained page (inline CSS and SVG, no script, no network) with the plan's figures
/// 4–7 redrawn from the data, each with its table beside it; every text from the data is escaped.
public struct HTMLReport: ReportFormat {
    public let fileName = "report.html"
    public init() {}

    public func render(_ ctx: ReportContext) -> [UInt8] {
        let doc = ReportDocument(ctx)
        var h = """
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(Fmt.markup(doc.title))</title>
            <style>\(HTMLReport.css)</style>
            </head>
            <body>
            <main>
            <h1>\(Fmt.markup(doc.title))</h1>

            """
        for b in doc.blocks {
            switch b {
            case .heading(let level, let s): h += "<h\(level)>\(Fmt.markup(s))</h\(level)>\n"
            case .paragraph(let s): h += "<p>\(Fmt.markup(s))</p>\n"
            case .table(let t): h += HTMLReport.table(t)
            case .chart(let c):
                h += "<figure class=\"chart\" id=\"figur-\(c.figure)\">\n"
                h += "<figcaption>Figur \(c.figure): \(Fmt.markup(c.title))</figcaption>\n"
                h += "<div class=\"pair\">\n" + SVGChart.render(c) + HTMLReport.table(c.table) + "</div>\n</figure>\n"
            }
        }
        h +=
            "<footer>spend \(SpendKitVersion.string) · \(Fmt.markup(ctx.report.category)) · \(ctx.report.year)</footer>\n</main>\n</body>\n</html>\n"
        return Array(h.utf8)
    }

    static func table(_ t: ReportDocument.Table) -> String {
        func cls(_ i: Int) -> String {
            t.numeric.contains(i) ? " class=\"num\"" : t.nowrap.contains(i) ? " class=\"nw\"" : ""
        }
        var s = "<div class=\"table\"><table>\n<caption>\(Fmt.markup(t.caption))</caption>\n<thead><tr>"
        for (i, c) in t.columns.enumerated() { s += "<th scope=\"col\"\(cls(i))>\(Fmt.markup(c))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        for r in t.rows {
            s += "<tr>"
            for (i, c) in r.enumerated() {
                if i == 0 && !t.numeric.contains(0) {
                    s += "<th scope=\"row\"\(cls(0))>\(Fmt.markup(c))</th>"
                } else {
                    s += "<td\(cls(i))>\(Fmt.markup(c))</td>"
                }
            }
            s += "</tr>\n"
        }
        return s + "</tbody>\n</table></div>\n"
    }

    /// Screen (a 390-px phone included) and print: on paper A4, no scroll box or scrollbar, tables that break
    /// across pages with their header repeated, charts kept whole.
    static let css = """
        @page{size:A4;margin:14mm 12mm}
        body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1b1b1b;background:#fff;margin:0}
        main{max-width:1200px;margin:0 auto;padding:24px}
        h1{font-size:1.6em;margin:0 0 .5em}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:2px solid #005a8c;padding-bottom:4px}
        h3{font-size:1.05em;margin:1.2em 0 .4em}
        p{max-width:60em;line-height:1.45}
        table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
        caption{text-align:left;font-weight:bold;padding:4px 0}
        th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
        thead th,thead th.num{border-bottom:2px solid #888;vertical-align:bottom;white-space:normal}
        tbody th{font-weight:normal}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .nw{white-space:nowrap}
        figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.5em}
        .pair{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
        .pair svg{display:block;flex:0 1 auto;max-width:100%;height:auto}
        .table{overflow-x:auto}
        footer{margin-top:3em;color:#666;font-size:.8em}
        @media (max-width:600px){main{padding:12px}h1{font-size:1.3em}table{font-size:.8em}th,td{padding:2px 5px}.pair{gap:12px}}
        @media print{
        body{font-size:10pt}
        main{max-width:none;margin:0;padding:0}
        h2,h3,figcaption,caption{break-after:avoid;page-break-after:avoid}
        .pair{display:block}
        .table{overflow:visible}
        table{font-size:8.5pt;max-width:100%}
        thead{display:table-header-group}
        tr{break-inside:avoid;page-break-inside:avoid}
        .pair svg{break-inside:avoid;page-break-inside:avoid;margin:0 0 8px}
        footer{margin-top:1em}
        }
        """
}
