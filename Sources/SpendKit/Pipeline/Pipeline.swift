import Foundation

/// What one analysis run needs: inputs, reference tables, settings and outputs.
public struct RunOptions: Sendable {
    public var invoices: [String] = []
    public var profile: String?
    public var rules: String?
    public var contracts: String?
    public var organisation: String?
    public var settings = AnalysisSettings()
    public var outDir = "Reports"
    public var formats: Set<String> = ["json", "csv", "md"]
    public var maxRejects = 0.001
    public var chunkSize = 1 << 20
    public init() {}
}

/// What a run produced.
public struct RunResult: Sendable {
    public var counts: RowCounts
    public var reports: [YearReport]
    public var rejects: [RowIssue]
    public var written: [String]

    /// The one summary line for stderr: rows, rejects, duplicates and total per year.
    public var summaryLine: String {
        let c = counts
        let years = reports.map { "\($0.year): \(Fmt.kronor($0.total).replacingOccurrences(of: "\u{A0}", with: " "))" }.joined(separator: ", ")
        return "\(c.read) rows read = \(c.accepted) accepted + \(c.rejected) rejected + \(c.excluded) excluded + \(c.duplicates) duplicates; \(reports.first?.category ?? ""): \(years)"
    }
}

/// read → normalise → classify → aggregate → render, for `spend analyze` and `spend run`.
public enum Pipeline {
    /// Ingests and analyses; writes nothing.
    public static func analyze(_ o: RunOptions) throws -> (Analyzer, Ingestor) {
        guard !o.invoices.isEmpty else { throw RunError.usage("no invoice files given (--invoices or [input] invoices)") }
        let profile = try o.profile.flatMap { $0 == "auto" ? nil : try Profile.named($0) }
        let classifier = try o.rules.map { Classifier(try RuleTable.load($0)) }
        let contracts = try o.contracts.map { try ContractRegister.load($0) } ?? .empty
        let org = try o.organisation.map { try OrganisationMap.load($0) }
        let analyzer = Analyzer(settings: o.settings, classifier: classifier, contracts: contracts, organisation: org)
        let ingestor = Ingestor()
        ingestor.chunkSize = o.chunkSize
        try ingestor.ingest(paths: o.invoices, profile: profile) { analyzer.add($0) }
        let c = ingestor.counts
        if c.read > 0 && Double(c.rejected) > o.maxRejects * Double(c.read) {
            throw IngestError.tooManyRejects(rejected: c.rejected, read: c.read, limit: o.maxRejects)
        }
        return (analyzer, ingestor)
    }

    /// The formats selected by name (`json`, `csv`, `md`, `html`).
    public static func formats(_ names: Set<String>) -> [any ReportFormat] {
        var out: [any ReportFormat] = []
        if names.contains("json") { out.append(SummaryJSON()) }
        if names.contains("csv") { out += CSVTableFormat.all }
        if names.contains("md") { out.append(Bilaga3()) }
        return out
    }

    /// The whole run: analyse, then write every year's outputs (nothing is written if analysis fails).
    public static func run(_ o: RunOptions) throws -> RunResult {
        let (analyzer, ingestor) = try analyze(o)
        var reports: [YearReport] = []
        for y in analyzer.reportYears {
            reports.append(YearReport.build(year: y, figures: analyzer.years[y] ?? YearFigures(), rows: ingestor.counts, analyzer: analyzer))
        }
        var written: [String] = []
        let fm = FileManager.default
        for (i, r) in reports.enumerated() {
            let dir = o.outDir + "/\(r.year)"
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw RunError.cannotWrite(path: dir, reason: (error as NSError).localizedDescription)
            }
            let ctx = ReportContext(report: r, history: Array(reports[..<i]), rejects: ingestor.rejects, excluded: ingestor.excludedListed)
            for f in formats(o.formats) {
                let path = dir + "/" + f.fileName
                try writeAtomically(f.render(ctx), to: path)
                written.append(path)
            }
        }
        return RunResult(counts: ingestor.counts, reports: reports, rejects: ingestor.rejects, written: written)
    }
}
