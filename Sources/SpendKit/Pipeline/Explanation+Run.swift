import Foundation

/// `spend explain` on a run's options: the lines are read exactly as `analyze` reads them (`Pipeline.ingestor`),
/// so every row `analyze` accepted can be explained.
extension Explanation {
    /// `--row FILE:LINE`: the trace of the accepted row that starts on that line.
    public static func row(_ position: String, options o: RunOptions) throws -> String {
        guard let colon = position.lastIndex(of: ":"), let n = Int(position[position.index(after: colon)...]), n > 0 else {
            throw RunError.usage("--row takes FILE:LINE")
        }
        let classifier = try classifier(o)
        let line = try acceptedLine(file: String(position[..<colon]), line: n, options: o)
        return row(line, position: position, classifier: classifier)
    }

    /// `--supplier ID-OR-NAME`: the rule behind each (account, text) combination of the supplier's lines.
    public static func supplier(_ supplier: String, options o: RunOptions) throws -> String {
        let classifier = try classifier(o)
        guard !o.invoices.isEmpty else { throw RunError.usage("no invoice files given (--invoices or [input] invoices)") }
        let key = SupplierKey.of(SupplierID.parse(supplier), name: supplier)
        let (ingestor, profile) = try Pipeline.ingestor(o)
        var lines: [InvoiceLine] = []
        try ingestor.ingest(paths: o.invoices, profile: profile) {
            if SupplierKey.of($0.supplierID, name: $0.supplierName) == key { lines.append($0) }
        }
        guard !lines.isEmpty else { throw RunError.usage("no lines of supplier \(supplier) in the invoices") }
        return Explanation.supplier(key, lines: lines, classifier: classifier)
    }

    /// The accepted line that starts on `line` of `file`. When the file is one of the run's inputs, the inputs
    /// before it are read first, as `analyze` does, so a line repeating an earlier dump is a duplicate here too.
    /// No such line is an error saying whether the row was rejected, excluded or a duplicate.
    public static func acceptedLine(file: String, line n: Int, options o: RunOptions) throws -> InvoiceLine {
        let real = realPath(file)
        let paths = o.invoices.firstIndex { realPath($0) == real }.map { Array(o.invoices[...$0]) } ?? [file]
        let target = Int32(paths.count - 1), name = paths[paths.count - 1]
        let (ingestor, profile) = try Pipeline.ingestor(o)
        var found: InvoiceLine?
        try ingestor.ingest(paths: paths, profile: profile) { l in
            if l.source.file == target && l.source.line == n { found = l }
        }
        if let found { return found }
        let why: String
        if let r = ingestor.rejects.first(where: { $0.file == name && $0.line == n }) {
            why = "it was rejected: \(r.reason)"
        } else if let r = ingestor.excludedListed.first(where: { $0.file == name && $0.line == n }) {
            why = "it was excluded: \(r.reason)"
        } else if paths.count > 1, (try? acceptedLine(file: name, line: n, options: RunOptions.with(o, invoices: []))) != nil {
            why = "it repeats a line of an earlier file and was dropped as a duplicate"
        } else {
            why = "no row starts on that line"
        }
        throw RunError.usage("\(file):\(n): no accepted row starts on that line; \(why)")
    }

    /// The run's rule table, which `explain` needs.
    static func classifier(_ o: RunOptions) throws -> Classifier {
        guard let rules = o.rules else { throw RunError.usage("no rule table (--rules, or [reference] rules in --config)") }
        return Classifier(try RuleTable.load(rules))
    }

    /// The real path of a file (links and `./` resolved), or the name as given when it does not exist.
    static func realPath(_ p: String) -> String {
        realpath(p, nil).map { r in defer { free(r) }; return String(cString: r) } ?? p
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
