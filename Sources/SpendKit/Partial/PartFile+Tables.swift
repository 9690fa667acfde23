import Foundation

/// The reference tables a part carries, masked as a run masks them when it reads them, so that `spend merge` reads
/// them as written (`asWritten`: masked twice, a text could change) and writes what one run writes.
extension PartFile {
    /// Per CSV table, the columns that a run masks when it reads them; the others (dates, amounts, cost-centre codes)
    /// are kept as written, as a run reads them, but for a cost-centre code that holds a personnummer.
    static let maskedColumns: [String: Set<String>] = [
        "contracts": [
            "avtalsnamn", "leverantor_orgnr", "leverantor_namn", "kategori", "underkategori", "typ", "kraljic",
        ],
        "organisation": ["forvaltning", "namnd"],
    ]

    /// The bytes of the table `role` to embed: a CSV table written again as UTF-8, every cell quoted, the contracts'
    /// ids as the reports show them (`ContractRegister.shown`, so two ids masked alike stay two contracts); the
    /// published figures as read (masked) and written back (`PublishedFigures.toml`).
    static func maskedTable(_ role: String, _ path: String) throws -> [UInt8] {
        guard let masked = maskedColumns[role] else {
            return Array(try PublishedFigures.load(path).toml().utf8)
        }
        let t = try CSVTable.read(path)
        var rows = t.rows.map(\.fields)
        for (c, name) in t.header.enumerated() where masked.contains(name) {
            for i in rows.indices where c < rows[i].count { rows[i][c] = PersonalData.masked(rows[i][c]) }
        }
        if role == "organisation", let c = t.header.firstIndex(of: "kst") {
            // A code that holds a personnummer would not parse masked: merge maps no line by it (its lines were
            // mapped when the part was made) and shows no code of the map, so a code of its own stands in for it.
            for i in rows.indices where c < rows[i].count && PersonalData.masked(rows[i][c]) != rows[i][c] {
                rows[i][c] = "MASKED\(i + 1)"
            }
        }
        if role == "contracts", let c = t.header.firstIndex(of: "avtal_id") {
            let shown = ContractRegister.shown(rows.map { c < $0.count ? $0[c] : "" })
            for i in rows.indices where c < rows[i].count { rows[i][c] = shown[i] }
        }
        var out: [UInt8] = []
        for r in [t.header] + rows {
            let cells = r.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            out += Array(cells.joined(separator: ";").utf8)
            out.append(0x0A)
        }
        return out
    }
}
