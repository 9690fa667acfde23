/// The analysts' rule table, loaded and checked (SPEC §3.3).
public struct RuleTable: Sendable {
    public var path: String
    public var rules: [Rule]

    /// The subcategory the reports name for a rule that gives none.
    public static let noSubcategory = "(ingen underkategori)"

    public static let columns = [
        "kategori", "underkategori", "leverantor_orgnr", "leverantor_namn", "konto", "text", "kommentar",
    ]
    /// Columns a table may have besides `columns`: the ledger's own supplier id, any spelling of any id.
    public static let optionalColumns = ["leverantor_id"]
    public static let unclassified = "Oklassificerat"

    public init(path: String, rules: [Rule]) { self.path = path; self.rules = rules }

    /// Loads a `;`-separated table (UTF-8 or Windows-1252); every problem in it is reported at once, each with
    /// its line and the column in that line.
    public static func load(_ path: String) throws -> RuleTable {
        let table = try CSVTable.read(path)
        let idx: [String: Int]
        do {
            idx = try table.requireHeader(columns + optionalColumns, optional: Set(["kommentar"] + optionalColumns))
        } catch let e as IngestError {
            if case .malformed(_, _, let m) = e {
                throw ClassifyError(path: path, line: 1, field: "header", message: m)
            }
            throw e
        }
        guard !table.rows.isEmpty else {
            throw ClassifyError(path: path, line: 1, field: "header", message: "no rules: the table has a header only")
        }
        let locator = CellLocator(path: path)
        var problems: [ClassifyError.Problem] = []
        var rules: [Rule] = []
        for (line, f) in table.rows {
            let before = problems.count
            func cell(_ c: String) -> String { guard let i = idx[c] else { return "" }; return i < f.count ? f[i] : "" }
            func col(_ c: String, _ offset: Int) -> Int {
                locator.column(line: line, field: idx[c]!, offset: offset, value: cell(c))
            }
            /// `*` alone: the column matches anything, and says the rule is a catch-all on purpose.
            func any(_ c: String) -> Bool { cell(c).trimmingCharacters(in: .whitespaces) == "*" }
            func fail(_ c: String, _ offset: Int, _ m: String) {
                problems.append(.init(path: path, line: line, column: col(c, offset), field: c, message: m))
            }
            // a row saved with commas: one field, which no check below would describe
            if f.count < table.header.count, case let hint = CSVTable.separatorHint(f.first ?? ""), !hint.isEmpty {
                problems.append(
                    .init(
                        path: path, line: line, column: 1, field: "row",
                        message: "\(Fmt.count(f.count, "field")), the header has \(table.header.count)" + hint))
                continue
            }
            if f.count > table.header.count,
                let extra = f.indices.dropFirst(table.header.count).first(where: { !f[$0].isEmpty })
            {
                let column = locator.column(line: line, field: extra, offset: 0, value: f[extra])
                problems.append(
                    .init(
                        path: path, line: line, column: column, field: "row",
                        message: "\(f.count) fields, the header has \(table.header.count)"))
                continue
            }
            var rule = Rule(
                // a category is named in every report: masked, as wherever else one is read, so the names still meet
                line: line, category: PersonalData.masked(cell("kategori")),
                subcategory: PersonalData.masked(cell("underkategori")), orgs: [], accounts: [],
                names: [], texts: [])
            rule.catchAll = ["leverantor_orgnr", "leverantor_id", "leverantor_namn", "konto", "text"].contains(
                where: any)
            for (offset, p) in CodeList.parts(cell("leverantor_id")) where !any("leverantor_id") {
                guard let id = SupplierID.parse(p, whole: true) else {
                    fail("leverantor_id", offset, "'\(p)' is no supplier id (several are separated by |)"); continue
                }
                rule.orgs.insert(id)
            }
            for (offset, p) in CodeList.parts(cell("leverantor_orgnr")) where !any("leverantor_orgnr") {
                // A foreign id (letters and digits) may stand here; a bare number must be a Swedish one.
                guard let id = SupplierID.parse(p, whole: true),
                    !{
                        if case .other(let o) = id { return o.allSatisfy(\.isNumber) }; return false
                    }()
                else {
                    fail("leverantor_orgnr", offset, "'\(p)' is not an organisation number (several are separated by |)")
                    continue
                }
                rule.orgs.insert(id)
            }
            for (offset, p) in CodeList.parts(cell("konto")) where !any("konto") {
                guard let a = AccountPattern.parse(p) else {
                    fail("konto", offset, "'\(p)' is not an account, range (74310-74317) or prefix (681*)"); continue
                }
                rule.accounts.append(a)
            }
            for c in ["leverantor_namn", "text"] where !any(c) {
                // Names and descriptions are classified masked, so a personnummer in a rule could match no line. Read
                // masked it would also take another supplier of that name born the same day: the analyst chooses.
                if PersonalData.mayHold(cell(c)) {
                    fail(
                        c, 0,
                        "holds a personnummer, but \(c == "text" ? "descriptions" : "names") are read masked: write it as the reports show it ('\(PersonalData.masked(cell(c)))')"
                            + (c == "text" ? "" : ", or the number in leverantor_orgnr for lines that carry it")
                    )
                    continue
                }
                let patterns = textPatterns(cell(c), fail: { offset, m in fail(c, offset, m) }, column: { col(c, $0) })
                if c == "text" { rule.texts = patterns } else { rule.names = patterns }
            }
            if rule.category.isEmpty { fail("kategori", 0, "rule has no kategori") }
            // every report names a line's subcategory ("Den största underkategorin är  (…" read an empty one)
            if rule.subcategory.isEmpty { rule.subcategory = RuleTable.noSubcategory }
            if problems.count == before && !rule.hasCondition && !rule.catchAll {
                problems.append(
                    .init(
                        path: path, line: line, column: 1, field: "row",
                        message:
                            "empty rule: no supplier, account or text condition (write * in konto for a rule that takes every line)"
                    ))
            }
            if problems.count == before { rules.append(rule) }
        }
        if !problems.isEmpty { throw ClassifyError(problems: problems) }
        return RuleTable(path: path, rules: rules)
    }

    /// A name or text cell read by `RuleCell`'s grammar, each regular expression compiled and checked by
    /// `RegexCheck`; problems go to `fail` (offset in the cell, message), columns come from `column`.
    static func textPatterns(_ cell: String, fail: (Int, String) -> Void, column: (Int) -> Int) -> [TextPattern] {
        let (alternatives, problems) = RuleCell.parse(cell)
        for p in problems { fail(p.offset, p.message) }
        var out: [TextPattern] = []
        for a in alternatives {
            guard a.isRegex else { out.append(TextPattern(literal: a.text, column: column(a.start))); continue }
            let body = a.start + 1
            let summary = RegexCheck.analyse(Array(a.text.unicodeScalars), base: body)
            let finding = summary.finding
            if let finding, finding.structural {
                fail(body + finding.offset, "\(a.source): \(finding.message)"); continue
            }
            guard let regex = TextPattern.compile(a.text) else {
                fail(
                    a.start,
                    "the regular expression \(a.source) at character \(a.start + 1) does not compile (ICU syntax; write \\/ for a / inside it)"
                )
                continue
            }
            if let finding { fail(body + finding.offset, "\(a.source) refused: \(finding.message)"); continue }
            let fast = RegexCheck.fastLength(summary, patternLength: a.text.utf16.count)
            out.append(
                TextPattern(regex: regex, source: a.source, body: a.text, column: column(a.start), fastLength: fast))
        }
        return out
    }
}
