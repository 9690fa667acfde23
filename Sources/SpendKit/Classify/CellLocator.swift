import Foundation

/// Where a cell of a `;`-separated table stands in its line, so a rule table's errors carry the column of the
/// line (counted in characters, 1-based) that an editor shows, quoting and leading blanks included.
struct CellLocator {
    private let lines: [[Unicode.Scalar]]

    /// Decodes the file as `CSVTable` does (BOM, UTF-16, Windows-1252, CRLF → LF); an unreadable file locates nothing.
    init(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { lines = []; return }
        var t = Transcoder(), out: [UInt8] = []
        Array(data).withUnsafeBufferPointer { t.feed($0, final: true, into: &out) }
        lines = String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            Array($0.unicodeScalars)
        }
    }

    /// The column of scalar `offset` of field `field`'s trimmed value `value` on line `line` (1-based); when the
    /// field cannot be found as written (a quoted cell over several lines), `offset + 1`, the place in the cell.
    func column(line: Int, field: Int, offset: Int, value: String) -> Int {
        guard line >= 1, line <= lines.count, let map = positions(lines[line - 1], field: field) else {
            return offset + 1
        }
        // Trim as CSVTable does, and check that what is left is the value read.
        var lo = 0, hi = map.count
        while lo < hi && RuleCell.isSpace(map[lo].scalar) { lo += 1 }
        while hi > lo && RuleCell.isSpace(map[hi - 1].scalar) { hi -= 1 }
        guard map[lo..<hi].map(\.scalar).elementsEqual(value.unicodeScalars) else { return offset + 1 }
        if lo + offset < hi { return map[lo + offset].column }
        return hi > lo
            ? map[hi - 1].column + 1 : (map.first?.column ?? fieldStart(lines[line - 1], field: field) ?? offset + 1)
    }

    /// Each scalar of field `field`'s value with its 1-based column; nil when the line has no such field or a
    /// quote in it runs past the end of the line.
    private func positions(_ u: [Unicode.Scalar], field: Int) -> [(scalar: Unicode.Scalar, column: Int)]? {
        guard let start = fieldStart(u, field: field) else { return nil }
        var out: [(scalar: Unicode.Scalar, column: Int)] = []
        var i = start - 1
        while i < u.count && RuleCell.isSpace(u[i]) { out.append((u[i], i + 1)); i += 1 }
        if i < u.count && u[i] == "\"" {
            out.removeAll()
            i += 1
            while true {
                guard i < u.count else { return nil }
                if u[i] == "\"" {
                    if i + 1 < u.count && u[i + 1] == "\"" { out.append(("\"", i + 1)); i += 2; continue }
                    break
                }
                out.append((u[i], i + 1)); i += 1
            }
            return out
        }
        while i < u.count && u[i] != ";" { out.append((u[i], i + 1)); i += 1 }
        return out
    }

    /// The 1-based column where field `field` (0-based) begins, walking `;` outside quotes.
    private func fieldStart(_ u: [Unicode.Scalar], field: Int) -> Int? {
        var k = 0, i = 0, quoted = false
        while k < field {
            guard i < u.count else { return nil }
            if u[i] == "\"" { quoted.toggle() } else if u[i] == ";" && !quoted { k += 1 }
            i += 1
        }
        return quoted ? nil : i + 1
    }
}
