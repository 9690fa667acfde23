import CLibCSV

/// Writes `;`-separated UTF-8 with BOM through libcsv's writer; text is cleaned (`Fmt.clean`: no control or bidi
/// character) and text that Excel would run as a formula is prefixed with `'`; numbers stay numbers.
public struct CSVWriter {
    public enum Cell { case text(String), number(String) }
    private(set) public var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(header: [String]) { row(header.map { .text($0) }) }

    /// A report table: amounts with decimal comma, shares in percent with one decimal, no grouping.
    public init(_ table: ReportTable) {
        self.init(header: table.header)
        for r in table.rows { row(table: r) }
    }

    /// A row of report cells.
    public mutating func row(table cells: [ReportTable.Cell]) {
        row(
            cells.map { c in
                switch c {
                case .text(let s): return .text(s)
                case .int(let v): return .number(String(v))
                case .money(let v): return .number(Fmt.csv(v))
                case .percent(let r):
                    return .number(
                        Fmt.decimal(scaled: r.scaled(3), decimals: 1).replacingOccurrences(of: "\u{A0}", with: "")
                            .replacingOccurrences(of: "−", with: "-"))
                case .blank: return .text("")
                case .year(let y): return .number(String(y))
                case .date(let d): return .number(d.description)
                }
            })
    }

    /// The bytes so far, handed over and cleared, for a file written in pieces.
    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    public mutating func row(_ cells: [Cell]) {
        for (i, c) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ";")) }
            switch c {
            case .number(let n): bytes.append(contentsOf: n.utf8)
            case .text(let t): write(CSVWriter.defuse(Fmt.clean(t)))
            }
        }
        bytes.append(0x0D); bytes.append(0x0A)
    }

    private mutating func write(_ s: String) {
        var src = Array(s.utf8)
        if !src.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
            bytes.append(contentsOf: src); return
        }
        var dest = [UInt8](repeating: 0, count: src.count * 2 + 2)
        let n = src.withUnsafeMutableBytes { s in
            dest.withUnsafeMutableBytes { d in
                csv_write2(d.baseAddress, d.count, s.baseAddress, s.count, UInt8(ascii: "\""))
            }
        }
        bytes.append(contentsOf: dest[0..<n])
    }

    /// `=HYPERLINK(…)` → `'=HYPERLINK(…)`: cells starting with = + - @ TAB or CR are never formulas.
    public static func defuse(_ s: String) -> String {
        guard let f = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(f) else { return s }
        return "'" + s
    }
}
