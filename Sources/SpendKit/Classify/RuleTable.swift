/// The analysts' rule table, loaded and checked (SPEC §3.3).
public struct RuleTable: Sendable {
    public var path: String
    public var rules: [Rule]

    public static let columns = ["kategori", "underkategori", "leverantor_orgnr", "leverantor_namn", "konto", "text", "kommentar"]
    public static let unclassified = "Oklassificerat"

    public init(path: String, rules: [Rule]) { self.path = path; self.rules = rules }

    /// Loads a `;`-separated table (UTF-8 or Windows-1252); every error names the rule's line and column.
    public static func load(_ path: String) throws -> RuleTable {
        let table = try CSVTable.read(path)
        let idx: [String: Int]
        do { idx = try table.requireHeader(columns, optional: ["kommentar"]) } catch let e as IngestError {
            if case .malformed(_, _, let m) = e { throw ClassifyError(path: path, line: 1, column: "header", message: m) }
            throw e
        }
        guard !table.rows.isEmpty else { throw ClassifyError(path: path, line: 1, column: "header", message: "no rules: the table has a header only") }
        var rules: [Rule] = []
        for (line, f) in table.rows {
            func cell(_ c: String) -> String { let i = idx[c]!; return i < f.count ? f[i] : "" }
            func err(_ c: String, _ m: String) -> ClassifyError { ClassifyError(path: path, line: line, column: c, message: m) }
            if f.count > table.header.count, f[table.header.count...].contains(where: { !$0.isEmpty }) {
                throw err("row", "\(f.count) fields, the header has \(table.header.count)")
            }
            var rule = Rule(line: line, category: cell("kategori"), subcategory: cell("underkategori"), orgs: [], accounts: [], names: [], texts: [])
            for part in cell("leverantor_orgnr").split(separator: "|") {
                let p = part.trimmingCharacters(in: .whitespaces)
                guard !p.isEmpty else { continue }
                // A foreign id (letters and digits) may stand here; a bare number must be a Swedish one.
                guard let id = SupplierID.parse(p), !{ if case .other(let o) = id { return o.allSatisfy(\.isNumber) }; return false }() else {
                    throw err("leverantor_orgnr", "'\(p)' is not an organisation number")
                }
                rule.orgs.insert(id)
            }
            for part in cell("konto").split(separator: "|") {
                guard let a = AccountPattern.parse(String(part)) else {
                    throw err("konto", "'\(part)' is not an account, range (74310-74317) or prefix (681*)")
                }
                rule.accounts.append(a)
            }
            for col in ["leverantor_namn", "text"] {
                let c = cell(col)
                let parts = c.hasPrefix("/") && c.hasSuffix("/") && c.count >= 2 ? [Substring(c)] : c.split(separator: "|")
                for part in parts where !part.trimmingCharacters(in: .whitespaces).isEmpty {
                    guard let t = TextPattern(String(part)) else { throw err(col, "bad regular expression \(part)") }
                    if col == "text" { rule.texts.append(t) } else { rule.names.append(t) }
                }
            }
            if rule.category.isEmpty { throw err("kategori", "rule has no kategori") }
            if !rule.hasCondition { throw err("row", "empty rule: no supplier, account or text condition") }
            rules.append(rule)
        }
        return RuleTable(path: path, rules: rules)
    }
}
