/// Published figures written back as TOML, as `load` reads them: what a part carries of them (their names masked
/// already), so the part holds neither the file's own text nor any escape in it that spelled a personnummer.
extension PublishedFigures {
    /// The figures as a TOML document that `load(_:asWritten: true)` reads back to the same figures.
    func toml() -> String {
        var out = "source = \(JSONOut.escaped(source))\n"
        for year in Set(figures.map(\.year)).sorted() {
            out += "\n[\(year)]\n"
            var named: [(key: String, name: String, value: Value)] = []
            var nested: [(sub: String, board: String, value: Value)] = []
            for f in figures where f.year == year {
                switch f.kind {
                case .totalMkr: out += "total_mkr = \(f.value.literal)\n"
                case .suppliers: out += "suppliers = \(f.value.literal)\n"
                case .offContractMkr: out += "off_contract_mkr = \(f.value.literal)\n"
                case .offContractPercent: out += "off_contract_percent = \(f.value.literal)\n"
                case .subcategoryMkr(let n): named.append(("subcategory_mkr", n, f.value))
                case .subcategoryPercent(let n): named.append(("subcategory_percent", n, f.value))
                case .supplierMkr(let n): named.append(("supplier_mkr", n, f.value))
                case .boardPercent(let n): named.append(("board_percent", n, f.value))
                case .boardInSubcategoryPercent(let s, let b): nested.append((s, b, f.value))
                }
            }
            for key in Set(named.map(\.key)).sorted() {
                let cells = named.filter { $0.key == key }.map { "\(JSONOut.escaped($0.name)) = \($0.value.literal)" }
                out += "\(key) = { \(cells.joined(separator: ", ")) }\n"
            }
            if !nested.isEmpty {
                let subs = Set(nested.map(\.sub)).sorted().map { s in
                    let boards = nested.filter { $0.sub == s }.map { "\(JSONOut.escaped($0.board)) = \($0.value.literal)" }
                    return "\(JSONOut.escaped(s)) = { \(boards.joined(separator: ", ")) }"
                }
                out += "board_in_subcategory_percent = { \(subs.joined(separator: ", ")) }\n"
            }
        }
        return out
    }
}

extension PublishedFigures.Value {
    /// The number as a TOML literal with its printed decimals: `26.9`, `219`, `-0.05`.
    var literal: String {
        guard decimals > 0 else { return String(scaled) }
        let digits = String(scaled.magnitude)
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        return (scaled < 0 ? "-" : "") + padded.dropLast(decimals) + "." + padded.suffix(decimals)
    }
}
