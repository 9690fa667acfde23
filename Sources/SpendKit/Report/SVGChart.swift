/// Inline SVG for the report's charts, laid out in integer pixels from the integer values (no floating point, so
/// the bytes are the same on every machine).
enum SVGChart {
    static func render(_ c: ReportDocument.Chart) -> String {
        switch c.kind {
        case .bars: return bars(c)
        case .pareto: return pareto(c)
        case .columns: return columns(c)
        }
    }

    /// `value / max` of `length` pixels, never negative.
    static func scale(_ value: Int64, _ max: Int64, _ length: Int) -> Int {
        guard max > 0, value > 0 else { return 0 }
        let v = Swift.min(value, max)
        return Int(Ratio.mulDiv(UInt64(v), UInt64(Swift.max(0, length)), UInt64(max)) ?? 0)
    }

    static func open(_ c: ReportDocument.Chart, width: Int, height: Int) -> String {
        let e = Fmt.markup
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
            + "aria-labelledby=\"f\(c.figure)-title\"><title id=\"f\(c.figure)-title\">Figur \(c.figure): \(e(c.title))</title>\n"
    }

    static func short(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    /// Horizontal bars with labels left and values right (figures 4 and 6).
    static func bars(_ c: ReportDocument.Chart) -> String {
        let e = Fmt.markup
        let rowH = 24, labelW = 290, barW = 300, valueW = 110
        let width = labelW + barW + valueW, height = max(1, c.items.count) * rowH + 8
        let top = c.items.map(\.value).max() ?? 0
        var s = open(c, width: width, height: height)
        for (i, item) in c.items.enumerated() {
            let y = 4 + i * rowH
            let w = scale(item.value, top, barW)
            s += "<g><title>\(e(item.label)): \(e(item.text))</title>"
            s += "<text x=\"\(labelW - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(e(short(item.label, 40)))</text>"
            s += "<rect class=\"bar\" x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowH - 6)\"/>"
            s += "<text x=\"\(labelW + w + 6)\" y=\"\(y + 16)\">\(e(item.text))</text></g>\n"
        }
        return s + "</svg>\n"
    }

    /// Columns for the largest suppliers by rank, with the cumulative share as a line on a 0–100 % axis (figure 5).
    static func pareto(_ c: ReportDocument.Chart) -> String {
        let e = Fmt.markup
        let left = 56, right = 48, top = 12, plotH = 260, bottom = 34
        let colW = 16, gap = 4
        let plotW = max(1, c.items.count) * (colW + gap)
        let width = left + plotW + right, height = top + plotH + bottom
        let maxValue = c.items.map(\.value).max() ?? 0
        var s = open(c, width: width, height: height)
        // axes: amount on the left (largest supplier's value), share on the right
        for pct in [0, 50, 80, 100] {
            let y = top + plotH - plotH * pct / 100
            s += "<line class=\"\(pct == 80 ? "ref" : "grid")\" x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotW)\" y2=\"\(y)\"/>"
            s += "<text x=\"\(left + plotW + 6)\" y=\"\(y + 4)\">\(pct) %</text>\n"
        }
        if let first = c.items.first { s += "<text x=\"\(left - 6)\" y=\"\(top + 10)\" text-anchor=\"end\">\(e(first.text.replacingOccurrences(of: " mnkr", with: "")))</text>" }
        s += "<text x=\"\(left - 6)\" y=\"\(top + plotH)\" text-anchor=\"end\">0</text>"
        s += "<text x=\"\(left - 6)\" y=\"\(top + plotH + 28)\" text-anchor=\"end\">mnkr</text>\n"
        var points: [String] = []
        for (i, item) in c.items.enumerated() {
            let x = left + i * (colW + gap) + gap / 2
            let h = scale(item.value, maxValue, plotH)
            s += "<g><title>\(i + 1). \(e(item.label)): \(e(item.text))</title>"
            s += "<rect class=\"bar\" x=\"\(x)\" y=\"\(top + plotH - h)\" width=\"\(colW)\" height=\"\(h)\"/></g>"
            if (i + 1) % 5 == 0 || i == 0 {
                s += "<text x=\"\(x + colW / 2)\" y=\"\(top + plotH + 16)\" text-anchor=\"middle\">\(i + 1)</text>"
            }
            s += "\n"
            if i < c.cumulative.count {
                let cy = top + plotH - scale(min(c.cumulative[i], 10_000), 10_000, plotH)
                points.append("\(x + colW / 2),\(cy)")
            }
        }
        if !points.isEmpty { s += "<polyline class=\"line\" points=\"\(points.joined(separator: " "))\"/>\n" }
        s += "<text x=\"\(left + plotW / 2)\" y=\"\(top + plotH + 30)\" text-anchor=\"middle\">leverantör (rang); linje: kumulativ andel</text>\n"
        return s + "</svg>\n"
    }

    /// Vertical columns per year with the share printed above (figure 7).
    static func columns(_ c: ReportDocument.Chart) -> String {
        let e = Fmt.markup
        let left = 40, top = 24, plotH = 200, bottom = 28, colW = 70, gap = 40
        let plotW = max(1, c.items.count) * (colW + gap)
        let width = left + plotW + 20, height = top + plotH + bottom
        var s = open(c, width: width, height: height)
        for pct in [0, 25, 50] {
            let y = top + plotH - plotH * pct / 50
            s += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotW)\" y2=\"\(y)\"/><text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(pct) %</text>\n"
        }
        for (i, item) in c.items.enumerated() {
            let x = left + gap / 2 + i * (colW + gap)
            // the axis runs to 50 %; a larger share fills it
            let h = scale(min(item.value, 5_000), 5_000, plotH)
            s += "<g><title>\(e(item.label)): \(e(item.text))</title>"
            s += "<rect class=\"bar off\" x=\"\(x)\" y=\"\(top + plotH - h)\" width=\"\(colW)\" height=\"\(h)\"/>"
            s += "<text x=\"\(x + colW / 2)\" y=\"\(top + plotH - h - 6)\" text-anchor=\"middle\">\(e(item.text))</text>"
            s += "<text x=\"\(x + colW / 2)\" y=\"\(top + plotH + 18)\" text-anchor=\"middle\">\(e(item.label))</text></g>\n"
        }
        return s + "</svg>\n"
    }
}
