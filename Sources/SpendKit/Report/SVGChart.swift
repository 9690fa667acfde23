/// SVG for the report's charts, laid out in integer pixels from the integer values (no floating point, so the bytes
/// are the same on every machine). Every style is a presentation attribute, so a chart stands alone as a file
/// (`bild-N.svg`) and pastes into Word as it looks in the page; each is at most 366 px wide (a 390-px phone less the
/// page's margins), so on a phone its text keeps its size, 10 px and more.
enum SVGChart {
    static let blue = "#005a8c", orange = "#c8491d", ink = "#1b1b1b", grid = "#cccccc", muted = "#666666"
    static let font = "DejaVu Sans, Arial, Helvetica, sans-serif"

    /// The chart as inline SVG; `label` is how the document numbers it ("Figur", "Bild").
    static func render(_ c: ReportDocument.Chart, label: String = "Figur") -> String {
        switch c.kind {
        case .bars: return bars(c, label)
        case .pareto: return pareto(c, label)
        case .columns: return columns(c, label)
        case .months: return months(c, label)
        }
    }

    /// The chart as an SVG file of its own.
    static func file(_ c: ReportDocument.Chart, label: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render(c, label: label)
    }

    /// The width and height an SVG of `render` declares.
    static func size(_ svg: String) -> (width: Int, height: Int) {
        func attribute(_ name: String) -> Int {
            guard let r = svg.range(of: " \(name)=\"") else { return 0 }
            return Int(svg[r.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        return (attribute("width"), attribute("height"))
    }

    /// `value / max` of `length` pixels, never negative.
    static func scale(_ value: Int64, _ max: Int64, _ length: Int) -> Int {
        guard max > 0, value > 0 else { return 0 }
        let v = Swift.min(value, max)
        return Int(Ratio.mulDiv(UInt64(v), UInt64(Swift.max(0, length)), UInt64(max)) ?? 0)
    }

    static func open(_ c: ReportDocument.Chart, _ label: String, width: Int, height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
            + "aria-labelledby=\"f\(c.figure)-title\" font-family=\"\(font)\" font-size=\"12\">"
            + "<title id=\"f\(c.figure)-title\">\(label) \(c.figure): \(Fmt.markup(c.title))</title>\n"
            + "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
    }

    static func text(
        _ x: Int, _ y: Int, _ s: String, anchor: String? = nil, size: Int? = nil, fill: String = ink, bold: Bool = false
    ) -> String {
        var a = "<text x=\"\(x)\" y=\"\(y)\" fill=\"\(fill)\""
        if let anchor { a += " text-anchor=\"\(anchor)\"" }
        if let size { a += " font-size=\"\(size)\"" }
        if bold { a += " font-weight=\"bold\"" }
        return a + ">\(Fmt.markup(s))</text>"
    }

    static func rect(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ fill: String) -> String {
        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"\(fill)\"/>"
    }

    static func line(
        _ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int, _ stroke: String, dash: Bool = false, width: String = "1"
    ) -> String {
        "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"\(stroke)\" stroke-width=\"\(width)\"\(dash ? " stroke-dasharray=\"4 3\"" : "")/>"
    }

    static func short(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    /// Horizontal bars, each with its label above and its value after it (figures 4 and 6).
    static func bars(_ c: ReportDocument.Chart, _ label: String) -> String {
        let width = 360, rowH = 34, barMax = 276
        let height = max(1, c.items.count) * rowH + 6
        let top = c.items.map(\.value).max() ?? 0
        var s = open(c, label, width: width, height: height)
        for (i, item) in c.items.enumerated() {
            let y = 4 + i * rowH
            let w = scale(item.value, top, barMax)
            s += "<g><title>\(Fmt.markup(item.label)): \(Fmt.markup(item.text))</title>"
            s += text(0, y + 12, short(item.label, 50))
            s += rect(0, y + 17, max(w, 1), 12, blue)
            s += text(w + 6, y + 27, item.text, size: 11) + "</g>\n"
        }
        return s + "</svg>\n"
    }

    /// The largest suppliers as horizontal bars by rank, named, split into spend on and off contract, on an amount
    /// scale below; the cumulative share as a line on a 0–100 % scale above, with 50 % and 80 % marked (figure 5).
    static func pareto(_ c: ReportDocument.Chart, _ label: String) -> String {
        let width = 366, labelW = 180, plotW = 170, rowH = 15, top = 70
        let x0 = labelW
        let plotH = max(1, c.items.count) * rowH
        let height = top + plotH + 44
        let axis = Axis(max: c.items.map(\.value).max() ?? 0, ticks: 4, currency: c.currency)
        var s = open(c, label, width: width, height: height)
        // legend
        s += rect(0, 4, 12, 10, blue) + text(17, 13, "spend med avtal", size: 11)
        s += rect(150, 4, 12, 10, orange) + text(167, 13, "spend utanför avtal", size: 11) + "\n"
        s += line(0, 26, 12, 26, ink, width: "2") + text(17, 30, "kumulativ andel (övre skala)", size: 11)
        s += line(200, 26, 212, 26, muted, dash: true) + text(217, 30, "50 % och 80 %", size: 11) + "\n"
        // the share scale above, with the 50 and 80 % lines through the plot
        for pct in [0, 50, 80, 100] {
            let x = x0 + plotW * pct / 100
            // 80 % a row higher, clear of 100 %
            let y = pct == 80 ? top - 20 : top - 8
            s += text(x, y, "\(pct) %", anchor: pct == 100 ? "end" : pct == 0 ? "start" : "middle", size: 10)
            s += line(x, y + 4, x, top, ink)
            if pct == 50 || pct == 80 { s += line(x, top, x, top + plotH, muted, dash: true) }
        }
        // the amount scale below
        for t in axis.ticks {
            let x = x0 + scale(t, axis.top, plotW)
            if t > 0 { s += line(x, top, x, top + plotH, grid) }
            s += line(x, top + plotH, x, top + plotH + 4, ink)
            s += text(x, top + plotH + 15, axis.label(t), anchor: t == 0 ? "start" : "middle", size: 10)
        }
        s += line(x0, top, x0, top + plotH, ink) + "\n"
        s +=
            text(x0 + plotW / 2, top + plotH + 32, "spend, \(axis.unit) (nedre skala)", anchor: "middle", size: 11)
            + "\n"
        var points: [String] = []
        for (i, item) in c.items.enumerated() {
            let y = top + i * rowH
            let whole = scale(item.value, axis.top, plotW)
            let off = min(whole, scale(item.off, axis.top, plotW))
            s += "<g><title>\(i + 1). \(Fmt.markup(item.label)): \(Fmt.markup(item.text))</title>"
            s += text(x0 - 6, y + 11, short("\(i + 1). \(item.label)", 28), anchor: "end", size: 11)
            if whole - off > 0 { s += rect(x0, y + 3, whole - off, 10, blue) }
            if off > 0 { s += rect(x0 + whole - off, y + 3, off, 10, orange) }
            s += "</g>\n"
            if i < c.cumulative.count {
                points.append("\(x0 + scale(min(c.cumulative[i], 10_000), 10_000, plotW)),\(y + rowH / 2)")
            }
        }
        if !points.isEmpty {
            s +=
                "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(ink)\" stroke-width=\"2\"/>\n"
        }
        return s + "</svg>\n"
    }

    /// Vertical columns per year with the share printed above, on a 0–50 % scale, or 0–100 % when a share is
    /// larger (figure 7).
    static func columns(_ c: ReportDocument.Chart, _ label: String) -> String {
        let left = 44, top = 24, plotH = 180, bottom = 26
        // columns narrow with more years, so that up to seven fit in 366 px
        let step = max(44, min(84, 300 / max(1, c.items.count))), colW = step * 5 / 8, gap = step - colW
        let plotW = max(1, c.items.count) * step
        let width = left + plotW + 8, height = top + plotH + bottom
        let full: Int64 = (c.items.map(\.value).max() ?? 0) > 5_000 ? 10_000 : 5_000
        var s = open(c, label, width: width, height: height)
        for pct in stride(from: 0, through: Int(full / 100), by: 25) {
            let y = top + plotH - scale(Int64(pct) * 100, full, plotH)
            s +=
                line(left, y, left + plotW, y, pct == 0 ? ink : grid)
                + text(left - 6, y + 4, "\(pct) %", anchor: "end", size: 11) + "\n"
        }
        for (i, item) in c.items.enumerated() {
            let x = left + gap / 2 + i * (colW + gap)
            let h = scale(min(item.value, full), full, plotH)
            s += "<g><title>\(Fmt.markup(item.label)): \(Fmt.markup(item.text))</title>"
            s += rect(x, top + plotH - h, colW, h, orange)
            s += text(x + colW / 2, top + plotH - h - 6, item.text, anchor: "middle")
            s += text(x + colW / 2, top + plotH + 18, item.label, anchor: "middle") + "</g>\n"
        }
        return s + "</svg>\n"
    }

    /// Spend per month as columns on an amount scale (the report's figure 8).
    static func months(_ c: ReportDocument.Chart, _ label: String) -> String {
        let left = 48, top = 22, plotH = 160, colW = 18, step = 25
        let plotW = max(1, c.items.count) * step
        let width = left + plotW + 8, height = top + plotH + 24
        let axis = Axis(max: c.items.map(\.value).max() ?? 0, ticks: 4, currency: c.currency)
        var s = open(c, label, width: width, height: height)
        s += text(left - 6, 12, axis.unit, anchor: "end", size: 11) + "\n"
        for t in axis.ticks {
            let y = top + plotH - scale(t, axis.top, plotH)
            s +=
                line(left, y, left + plotW, y, t == 0 ? ink : grid)
                + text(left - 6, y + 4, axis.label(t), anchor: "end", size: 11) + "\n"
        }
        for (i, item) in c.items.enumerated() {
            let x = left + i * step + (step - colW) / 2
            let h = scale(item.value, axis.top, plotH)
            s += "<g><title>\(Fmt.markup(item.label)): \(Fmt.markup(item.text))</title>"
            s += rect(x, top + plotH - h, colW, h, blue)
            s += text(x + colW / 2, top + plotH + 16, item.label, anchor: "middle", size: 11) + "</g>\n"
        }
        return s + "</svg>\n"
    }
}
