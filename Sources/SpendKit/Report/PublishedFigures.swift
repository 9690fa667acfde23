import Foundation
import TOMLKit

/// Figures as a published document printed them (a small TOML file), to be reconciled with the data in the
/// appendix: each keeps its printed precision, so `26,9 %` is compared at one decimal.
public struct PublishedFigures: Sendable {
    public enum Kind: Sendable, Equatable {
        case totalMkr, suppliers, offContractMkr, offContractPercent
        case subcategoryMkr(String), subcategoryPercent(String), supplierMkr(String), boardPercent(String)
        case boardInSubcategoryPercent(subcategory: String, board: String)
    }

    /// A number as printed: `scaled` in units of the last printed digit (`26.9` → 269 with 1 decimal).
    public struct Value: Sendable, Equatable {
        public var scaled: Int64
        public var decimals: Int
        public var printed: String { Fmt.decimal(Ratio(scaled, pow10(decimals)), decimals: decimals) }
    }

    public struct Figure: Sendable {
        public var year: Int
        public var kind: Kind
        public var value: Value
    }

    public var source: String
    public var figures: [Figure]

    static let keys =
        "total_mkr suppliers off_contract_mkr off_contract_percent subcategory_mkr subcategory_percent supplier_mkr board_percent board_in_subcategory_percent"

    /// A table's names as written and as shown (`PersonalData.shownApart`), in the order of the shown ones, so a
    /// part's TOML keeps names masked alike apart and merge lists them in the order one run does.
    static func shownNames(_ names: [String], asWritten: Bool) -> [(name: String, shown: String)] {
        let ordered =
            asWritten
            ? names.sorted() : names.sorted { (PersonalData.masked($0), $0) < (PersonalData.masked($1), $1) }
        let shown = asWritten ? ordered : PersonalData.shownApart(ordered)
        return zip(ordered, shown).map { (name: $0, shown: $1) }.sorted { $0.shown < $1.shown }
    }

    /// Reads the file; an unknown key or a value that is not a number names its line (exit 64).
    /// `asWritten`: figures a part carries, their names masked already (`ContractRegister.load`'s reason).
    public static func load(_ path: String, asWritten: Bool = false) throws -> PublishedFigures {
        let mask: (String) -> String = { asWritten ? $0 : PersonalData.masked($0) }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError.missing(path: path) }
        let doc = try TOMLDocument(text: String(decoding: data, as: UTF8.self), path: path) {
            ConfigError.invalid(path: path, line: $0, message: $1)
        }
        var out = PublishedFigures(
            source: mask(doc.table["source"]?.string ?? (path as NSString).lastPathComponent), figures: [])
        func bad(_ key: String, _ m: String) -> ConfigError {
            ConfigError.invalid(path: path, line: doc.line(of: key), message: m)
        }
        func number(_ v: TOMLValueConvertible, _ key: String) throws -> Value {
            if let i = v.int { return Value(scaled: Int64(i), decimals: 0) }
            guard let d = v.double, d.isFinite, let parsed = Value.parse(d.description) else {
                throw bad(key, "\(key) must be a number")
            }
            return parsed
        }
        for yearKey in doc.table.keys.sorted() where yearKey != "source" {
            guard let year = Int(yearKey), let t = doc.table[yearKey]?.table else {
                throw bad(yearKey, "'\(yearKey)' is neither 'source' nor a year table like [2022]")
            }
            for key in t.keys.sorted() {
                let v = t[key]!
                func named(_ make: (String) -> Kind) throws {
                    guard let inner = v.table else { throw bad(key, "\(key) must be a table of names and numbers") }
                    for (n, shown) in shownNames(Array(inner.keys), asWritten: asWritten) {
                        out.figures.append(Figure(year: year, kind: make(shown), value: try number(inner[n]!, n)))
                    }
                }
                switch key {
                case "total_mkr": out.figures.append(Figure(year: year, kind: .totalMkr, value: try number(v, key)))
                case "suppliers": out.figures.append(Figure(year: year, kind: .suppliers, value: try number(v, key)))
                case "off_contract_mkr":
                    out.figures.append(Figure(year: year, kind: .offContractMkr, value: try number(v, key)))
                case "off_contract_percent":
                    out.figures.append(Figure(year: year, kind: .offContractPercent, value: try number(v, key)))
                case "subcategory_mkr": try named { .subcategoryMkr($0) }
                case "subcategory_percent": try named { .subcategoryPercent($0) }
                case "supplier_mkr": try named { .supplierMkr($0) }
                case "board_percent": try named { .boardPercent($0) }
                case "board_in_subcategory_percent":
                    guard let subs = v.table else { throw bad(key, "\(key) must be a table of subcategories") }
                    for (s, sub) in shownNames(Array(subs.keys), asWritten: asWritten) {
                        guard let boards = subs[s]?.table else {
                            throw bad(s, "\(key).\(s) must be a table of boards and numbers")
                        }
                        for (b, board) in shownNames(Array(boards.keys), asWritten: asWritten) {
                            out.figures.append(
                                Figure(
                                    year: year, kind: .boardInSubcategoryPercent(subcategory: sub, board: board),
                                    value: try number(boards[b]!, b)))
                        }
                    }
                default: throw bad(key, "unknown key '\(key)' in [\(yearKey)] (known: \(keys))")
                }
            }
        }
        return out
    }
}

extension PublishedFigures.Value {
    /// `"26.9"` → 269 with one decimal.
    static func parse(_ s: String) -> Self? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        guard parts.count == 2 else { return Self(scaled: whole, decimals: 0) }
        let frac = parts[1] == "0" ? "" : String(parts[1])
        guard frac.count <= 6, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let f = Int64(frac) ?? 0
        let sign: Int64 = s.hasPrefix("-") ? -1 : 1
        let (shifted, o1) = whole.multipliedReportingOverflow(by: pow10(frac.count))
        let (scaled, o2) = shifted.addingReportingOverflow(sign * f)
        return o1 || o2 ? nil : Self(scaled: scaled, decimals: frac.count)
    }
}
