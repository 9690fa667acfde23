import Foundation

/// `spend explain` found nothing to explain in the data: exit 65, with what comes closest.
public struct ExplainError: ExitCoded, Equatable {
    public var message: String
    public var description: String { message }
    public var exitCode: Int32 { 65 }
}

/// `spend explain` on a run's options: the lines are read exactly as `analyze` reads them (`Pipeline.ingestor`),
/// so every row `analyze` accepted can be explained, and every row it did not says why.
extension Explanation {
    /// `--row FILE:LINE`: the trace of the accepted row that starts on that line, or why the row did not count.
    public static func row(_ position: String, options o: RunOptions) throws -> String {
        guard let colon = position.lastIndex(of: ":"), let n = Int(position[position.index(after: colon)...]), n > 0
        else {
            throw RunError.usage("--row takes FILE:LINE")
        }
        let classifier = try classifier(o)
        switch try lookUp(file: String(position[..<colon]), line: n, options: o) {
        case .accepted(let line, let currency):
            return row(line, position: position, classifier: classifier, currency: currency)
        case .notCounted(let why):
            // the file a duplicate repeats named as rejects.csv and duplicates.csv name it (relative to the config)
            let paths = PathDisplay.forRun(configPath: o.configPath, files: o.invoices)
            return "\(position): not counted: \(paths.reason(why))\n"
        }
    }

    /// `--supplier ID-OR-NAME`: for each supplier the id or any name it appears under names, the rule behind each
    /// (account, text) combination of its lines. Nothing found is exit 65 with the closest names in the data.
    public static func supplier(_ supplier: String, options o: RunOptions) throws -> String {
        let classifier = try classifier(o)
        guard !o.invoices.isEmpty else {
            throw RunError.usage("no invoice files given (--invoices or [input] invoices)")
        }
        let query = supplier.trimmingCharacters(in: .whitespaces)
        // A query holding a personnummer names that sole trader only (`identityID`), not everyone whose masked name
        // reads the same.
        let person = PersonalData.person(in: query)
        let id = person ?? SupplierID.parse(query)
        let name = person == nil ? SupplierID.nameKey(query) : nil
        // First the suppliers the query names (by id, key or any of their names), then their lines.
        var keys: [SupplierKey: Int64] = [:]
        var names = NameIndex()
        let (ingestor, profile) = try Pipeline.ingestor(o)
        try ingestor.ingest(paths: o.invoices, profile: profile) { l in
            let key = SupplierKey.of(l.identityID, name: l.supplierName)
            let nameKey = SupplierID.nameKey(l.supplierName)
            if (id != nil && l.identityID == id) || (name != nil && nameKey == name) || key.text == query
                || key.display == query
            {
                keys[key, default: 0] += l.amount
            } else {
                names.add(nameKey, l.supplierName)
            }
        }
        guard !keys.isEmpty else {
            let close = names.closest(to: name ?? SupplierID.nameKey(PersonalData.masked(query)))
            throw ExplainError(
                message: "no lines of supplier \(query) in the invoices"
                    + (close.isEmpty ? "" : "; the closest names: " + close.joined(separator: ", ")))
        }
        var lines: [SupplierKey: [InvoiceLine]] = [:]
        let (again, _) = try Pipeline.ingestor(o)
        try again.ingest(paths: o.invoices, profile: profile) { l in
            let key = SupplierKey.of(l.identityID, name: l.supplierName)
            if keys[key] != nil { lines[key, default: []].append(l) }
        }
        let order = keys.keys.sorted { keys[$0]! != keys[$1]! ? keys[$0]! > keys[$1]! : $0 < $1 }
        return order.map {
            Explanation.supplier(
                $0.display.isEmpty ? $0.name : $0.display,
                lines: lines[$0] ?? [], classifier: classifier, currency: again.currency ?? .sek)
        }.joined()
    }

    /// What became of a row: accepted (with the run's currency), or why it did not count.
    public enum RowOutcome {
        case accepted(InvoiceLine, Currency)
        case notCounted(String)
    }

    /// The row that starts on `line` of `file`. When the file is one of the run's inputs, the inputs before it are
    /// read first, as `analyze` does, so a line repeating an earlier dump is a duplicate here too. No row there is
    /// exit 65.
    public static func lookUp(file: String, line n: Int, options o: RunOptions) throws -> RowOutcome {
        var file = file
        if !file.hasPrefix("/"), !FileManager.default.fileExists(atPath: file), let config = o.configPath {
            // as rejects.csv and duplicates.csv name it: relative to the config file
            let beside = ((config as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
            if FileManager.default.fileExists(atPath: beside) { file = beside }
        }
        let real = realPath(file)
        let paths = o.invoices.firstIndex { realPath($0) == real }.map { Array(o.invoices[...$0]) } ?? [file]
        let target = Int32(paths.count - 1), name = paths[paths.count - 1]
        let (ingestor, profile) = try Pipeline.ingestor(o)
        var found: InvoiceLine?
        ingestor.books.watch = (name, n)
        try ingestor.ingest(paths: paths, profile: profile) { l in
            if l.source.file == target && l.source.line == n { found = l }
        }
        if let found { return .accepted(found, ingestor.currency ?? .sek) }
        if let r = ingestor.rejects.first(where: { $0.file == name && $0.line == n }) {
            return .notCounted("rejected: \(r.reason)")
        }
        if let r = ingestor.excludedListed.first(where: { $0.file == name && $0.line == n }) {
            return .notCounted("excluded: \(r.reason)")
        }
        if let why = ingestor.books.watchedExclusion { return .notCounted("excluded: \(why)") }
        if let r = ingestor.books.duplicates.first(where: { $0.file == name && $0.line == n }) {
            return .notCounted("duplicate: \(r.reason), dropped")
        }
        if let header = ingestor.headerLines[name], n <= header {
            return .notCounted(n == header ? "it is the header" : "it is above the header (line \(header)), skipped")
        }
        // the argument names no row (a blank line, a line inside a row, past the end): a usage error, exit 64
        throw RunError.usage(
            "\(file):\(n): no row starts on that line (a row of several lines is named by its first)")
    }

    /// The accepted line that starts on `line` of `file`; a row that did not count is an error saying why.
    public static func acceptedLine(file: String, line n: Int, options o: RunOptions) throws -> InvoiceLine {
        switch try lookUp(file: file, line: n, options: o) {
        case .accepted(let l, _): return l
        case .notCounted(let why):
            throw ExplainError(message: "\(file):\(n): no accepted row starts on that line; \(why)")
        }
    }

    /// The run's rule table, which `explain` needs.
    static func classifier(_ o: RunOptions) throws -> Classifier {
        guard let rules = o.rules else {
            throw RunError.usage("no rule table (--rules, or [reference] rules in --config)")
        }
        return Classifier(try RuleTable.load(rules))
    }

    /// The real path of a file (links and `./` resolved), or the name as given when it does not exist.
    static func realPath(_ p: String) -> String {
        realpath(p, nil).map { r in
            defer { free(r) }; return String(cString: r)
        } ?? p
    }
}

/// Supplier names seen in the data, for the closest ones to a name not found (bounded: the first 100 000 keys).
struct NameIndex {
    private var names: [String: String] = [:]

    mutating func add(_ key: String, _ name: String) {
        if names.count < 100_000 && names[key] == nil && !key.isEmpty { names[key] = name }
    }

    /// Up to five names: those containing the query (or contained in it) first, then the fewest edits away.
    func closest(to query: String, count: Int = 5) -> [String] {
        guard !query.isEmpty else { return [] }
        let q = Array(query.unicodeScalars)
        let scored = names.map { key, name -> (Int, String) in
            if key.contains(query) || query.contains(key) { return (0, name) }
            return (1 + NameIndex.distance(q, Array(key.unicodeScalars)), name)
        }
        return scored.sorted { $0 < $1 }.prefix(count).map(\.1)
    }

    /// Levenshtein distance.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }
}

extension RunOptions {
    /// The same options with other invoice files.
    static func with(_ o: RunOptions, invoices: [String]) -> RunOptions {
        var c = o
        c.invoices = invoices
        return c
    }
}
