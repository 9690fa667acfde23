/// `bilaga3.md`: the category plan's appendix (seed 002 §10.1–10.2) in Markdown, its charts as `bild-N.svg` images;
/// every text goes through `Fmt.markdown`.
public struct Bilaga3: ReportFormat {
    public let fileName = "bilaga3.md"
    public init() {}

    public func render(_ ctx: ReportContext) -> [UInt8] {
        let doc = Bilaga3Document(ctx)
        var t = "# \(Fmt.markdown(doc.title))\n"
        for b in doc.blocks {
            switch b {
            // the section headings are the appendix's own text ("10.1 Spendanalys"): not escaped, so they read as written
            case .heading(let level, let s): t += "\n" + String(repeating: "#", count: level) + " " + s + "\n"
            case .paragraph(let s): t += "\n" + Fmt.markdown(s) + "\n"
            case .table(let table): t += "\n*\(Fmt.markdown(table.caption))*\n" + MarkdownReport.table(table)
            case .figure(let c, let caption, let file):
                let name = "Bild \(c.figure): \(Fmt.markdown(caption))"
                t += "\n![\(name)](\(file))\n\n*\(name)*\n"
            }
        }
        return Array(t.utf8)
    }
}

/// `bilaga3.html`: the same appendix as a plain page that pastes into Word with its headings, tables and pictures
/// (`bild-N.svg` beside it); styles inline, no script.
public struct Bilaga3HTML: ReportFormat {
    public let fileName = "bilaga3.html"
    public init() {}

    static let cell = "border:1px solid #999999;padding:2pt 6pt;font-size:10pt;vertical-align:top"

    public func render(_ ctx: ReportContext) -> [UInt8] {
        let doc = Bilaga3Document(ctx)
        let e = Fmt.markup
        var h = """
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <title>\(e(doc.title))</title>
            <style>body{font-family:Calibri,Arial,sans-serif;font-size:11pt;color:#000;max-width:17cm;margin:1.5em auto;padding:0 1em}\
            h1{font-size:16pt}h2{font-size:13pt;margin-top:1.4em}p{line-height:1.35}table{border-collapse:collapse;margin:.4em 0 1em}\
            img{max-width:100%;height:auto}.bild{font-style:italic;font-size:9pt}</style>
            </head>
            <body>
            <h1>\(e(doc.title))</h1>

            """
        for b in doc.blocks {
            switch b {
            case .heading(let level, let s): h += "<h\(level)>\(e(s))</h\(level)>\n"
            case .paragraph(let s): h += "<p>\(e(s))</p>\n"
            case .table(let t):
                h +=
                    "<p style=\"margin-bottom:2pt\"><strong>\(e(t.caption))</strong></p>\n<table style=\"border-collapse:collapse\">\n<thead><tr>"
                for (i, c) in t.columns.enumerated() {
                    h +=
                        "<th style=\"\(Self.cell);text-align:\(t.numeric.contains(i) ? "right" : "left");background:#e8eef3\">\(e(c))</th>"
                }
                h += "</tr></thead>\n<tbody>\n"
                for r in t.rows {
                    h +=
                        "<tr>"
                        + r.enumerated().map { i, c in
                            "<td style=\"\(Self.cell)\(t.numeric.contains(i) ? ";text-align:right;white-space:nowrap" : "")\">\(e(c))</td>"
                        }.joined() + "</tr>\n"
                }
                h += "</tbody>\n</table>\n"
            case .figure(let c, let caption, let file):
                let size = SVGChart.size(SVGChart.render(c))
                h +=
                    "<p><img src=\"\(file)\" width=\"\(size.width)\" height=\"\(size.height)\" alt=\"Bild \(c.figure): \(e(caption))\"></p>\n"
                h += "<p class=\"bild\"><em>Bild \(c.figure): \(e(caption))</em></p>\n"
            }
        }
        h += "</body>\n</html>\n"
        return Array(h.utf8)
    }
}

/// `bild-N.svg`: one of the appendix's charts as a picture of its own, for the plan's document.
public struct BildSVG: ReportFormat, Sendable {
    public let figure: Int
    public var fileName: String { "bild-\(figure).svg" }
    public init(figure: Int) { self.figure = figure }

    /// The appendix's pictures.
    public static let all = [4, 5, 6, 7].map(BildSVG.init(figure:))

    public func render(_ ctx: ReportContext) -> [UInt8] {
        guard let c = Bilaga3Document.charts(ctx).first(where: { $0.chart.figure == figure }) else { return [] }
        return Array(SVGChart.file(c.chart, label: "Bild").utf8)
    }
}
