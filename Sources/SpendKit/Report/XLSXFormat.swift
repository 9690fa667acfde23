/// `spend.xlsx`: one sheet per table of the year, amounts and shares as numbers with number formats, the header
/// row frozen and filterable, so an analyst gets a workbook without importing CSV.
public struct XLSXFormat: ReportFormat {
    public let fileName = "spend.xlsx"
    /// A sheet holds at most this many data rows and says how many more the CSV has: the workbook is built in
    /// memory, and a sheet of a million suppliers would take hundreds of megabytes (Excel's limit is 1 048 576).
    static let maxRows = 100_000
    public init() {}

    public func render(_ ctx: ReportContext) -> [UInt8] {
        let tables = CSVTableFormat.all.map { (name: $0.sheet, table: $0.build(ctx), file: $0.fileName) }
        var zip = ZipWriter()
        zip.add("[Content_Types].xml", Array(contentTypes(tables.count).utf8))
        zip.add("_rels/.rels", Array(XLSXFormat.rootRels.utf8))
        zip.add("xl/workbook.xml", Array(workbook(tables.map { ($0.name, $0.table) }).utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array(workbookRels(tables.count).utf8))
        zip.add("xl/styles.xml", Array(XLSXFormat.styles.utf8))
        for (i, t) in tables.enumerated() { zip.add("xl/worksheets/sheet\(i + 1).xml", sheet(t.table, file: t.file)) }
        return zip.finished()
    }

    /// Style indexes of `styles.xml`.
    private enum Style: Int { case plain = 0, header, money, percent, integer, year, date }

    func sheet(_ t: ReportTable, file: String = "") -> [UInt8] {
        let rows = t.rows.prefix(XLSXFormat.maxRows)
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <cols>
            """
        for (i, h) in t.header.enumerated() {
            let widest = max(h.count, rows.prefix(200).map { i < $0.count ? XLSXFormat.width($0[i]) : 0 }.max() ?? 0)
            x += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(min(60, widest + 2))\" customWidth=\"1\"/>"
        }
        x += "</cols><sheetData>"
        x += XLSXFormat.row(1, t.header.map { ReportTable.Cell.text($0) }, header: true)
        for (i, r) in rows.enumerated() { x += XLSXFormat.row(i + 2, r, header: false) }
        if t.rows.count > rows.count {
            x += XLSXFormat.row(
                rows.count + 2, [.text("… \(t.rows.count - rows.count) rader till, alla i \(file)")], header: false)
        }
        x += "</sheetData>"
        x += "<autoFilter ref=\"\(XLSXFormat.filterRange(t))\"/>"
        x += "</worksheet>"
        return Array(x.utf8)
    }

    /// Excel's most characters in a cell (UTF-16 units): a longer text would make it ask to repair the file.
    static let cellLimit = 32_767

    /// `s` cut to what a cell holds, at a character, with `…` where it was cut; `s` itself when it fits.
    static func fitting(_ s: String) -> String {
        guard s.utf16.count > cellLimit else { return s }
        var out = "", units = 0
        for ch in s {
            let n = ch.utf16.count
            if units + n > cellLimit - 1 { break }
            out.append(ch)
            units += n
        }
        return out + "…"
    }

    static func row(_ n: Int, _ cells: [ReportTable.Cell], header: Bool) -> String {
        var x = "<row r=\"\(n)\">"
        for (i, c) in cells.enumerated() {
            let ref = column(i) + String(n)
            switch c {
            case .blank: continue
            case .text(let s):
                x +=
                    "<c r=\"\(ref)\" t=\"inlineStr\"\(header ? " s=\"\(Style.header.rawValue)\"" : "")><is><t xml:space=\"preserve\">\(Fmt.markup(fitting(s)))</t></is></c>"
            case .int(let v): x += "<c r=\"\(ref)\" s=\"\(Style.integer.rawValue)\"><v>\(v)</v></c>"
            case .money(let v): x += "<c r=\"\(ref)\" s=\"\(Style.money.rawValue)\"><v>\(Amount.plain(v))</v></c>"
            case .percent(let r): x += "<c r=\"\(ref)\" s=\"\(Style.percent.rawValue)\"><v>\(fraction(r))</v></c>"
            case .year(let y): x += "<c r=\"\(ref)\" s=\"\(Style.year.rawValue)\"><v>\(y)</v></c>"
            case .date(let d): x += "<c r=\"\(ref)\" s=\"\(Style.date.rawValue)\"><v>\(serial(d))</v></c>"
            }
        }
        return x + "</row>"
    }

    /// A share as the decimal fraction the CSV prints, to the tenth of a percent: `0.142`. Rounded once, from the
    /// exact ratio: a fraction with more places, rounded again by the cell's `0.0%`, showed 84,7 % where the CSV
    /// says 84,6 % (a share of 84,649997 % kept as 0.846500).
    static func fraction(_ r: Ratio) -> String {
        let v = r.scaled(3), m = v.magnitude
        let frac = String(m % 1_000)
        return (v < 0 ? "-" : "") + "\(m / 1_000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    /// `A`, `B`, … `Z`, `AA`.
    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    static func width(_ c: ReportTable.Cell) -> Int {
        switch c {
        case .text(let s): return s.count
        case .int, .percent, .year: return 8
        case .date: return 10
        case .money: return 16
        case .blank: return 0
        }
    }

    private func contentTypes(_ sheets: Int) -> String {
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """
        for i in 1...sheets {
            x +=
                "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return x + "</Types>"
    }

    /// The sheets, and for each its filter range as the hidden defined name `_xlnm._FilterDatabase` that Excel
    /// writes and LibreOffice needs to show the filter buttons.
    private func workbook(_ sheets: [(name: String, table: ReportTable)]) -> String {
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """
        for (i, s) in sheets.enumerated() {
            x += "<sheet name=\"\(Fmt.markup(s.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        x += "</sheets><definedNames>"
        for (i, s) in sheets.enumerated() {
            let quoted = "'" + s.name.replacingOccurrences(of: "'", with: "''") + "'"
            let range = XLSXFormat.filterRange(s.table).split(separator: ":").map { cell in
                let letters = cell.prefix { $0.isLetter }
                return "$" + letters + "$" + cell.dropFirst(letters.count)
            }.joined(separator: ":")
            x +=
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">\(Fmt.markup(quoted))!\(range)</definedName>"
        }
        return x + "</definedNames></workbook>"
    }

    /// The header and data rows of a sheet: `A1:K9`.
    static func filterRange(_ t: ReportTable) -> String {
        "A1:\(column(max(0, t.header.count - 1)))\(min(t.rows.count, maxRows) + 1)"
    }

    /// A day as Excel's serial number (days since 1899-12-30).
    static func serial(_ d: Day) -> Int { d.ordinal + 25_569 }

    private func workbookRels(_ sheets: Int) -> String {
        var x = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for i in 1...sheets {
            x +=
                "<Relationship Id=\"rId\(i)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
        }
        x +=
            "<Relationship Id=\"rId\(sheets + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return x + "</Relationships>"
    }

    static let rootRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    /// Fonts: normal, bold. Formats: money `#,##0.00` (4), percent `0.0%` (164), integer `#,##0` (3), year `0` (1),
    /// date `yyyy-mm-dd` (165).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="7">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
