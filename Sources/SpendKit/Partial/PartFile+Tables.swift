import Foundation

/// The reference tables a part carries, with no personnummer left in them: `spend merge` reads them as a run reads
/// the originals, and whatever the reports show of them is masked either way.
extension PartFile {
    /// The bytes of the table `role` to embed. A CSV table (contracts, organisation map) is written again as UTF-8,
    /// every cell quoted and masked, the contracts' ids as the reports show them (`ContractRegister.shown`, so two
    /// ids masked alike stay two contracts); the published figures' TOML is masked as text.
    static func maskedTable(_ role: String, _ path: String) throws -> [UInt8] {
        guard role == "contracts" || role == "organisation" else {
            return Array(PersonalData.masked(String(decoding: try PartHeader.readAll(path), as: UTF8.self)).utf8)
        }
        let t = try CSVTable.read(path)
        var rows = t.rows.map(\.fields)
        if role == "contracts", let c = t.header.firstIndex(of: "avtal_id") {
            let shown = ContractRegister.shown(rows.map { c < $0.count ? $0[c] : "" })
            for i in rows.indices where c < rows[i].count { rows[i][c] = shown[i] }
        }
        var out: [UInt8] = []
        for r in [t.header] + rows {
            let cells = r.map { "\"" + PersonalData.masked($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            out += Array(cells.joined(separator: ";").utf8)
            out.append(0x0A)
        }
        return out
    }
}
