import Foundation
import Logging

/// What one analysis run needs: inputs, reference tables, settings and outputs.
public struct RunOptions: Sendable {
    /// Where the category was set when a config file set it (`spend.toml:7`), for the error of a category no rule
    /// names; nil when a flag set it.
    public var categoryOrigin: String?
    /// The amounts' decimal sign for every profile of the run (`--decimal`, `[input] decimal`); nil: each profile's.
    public var decimal: UInt8?
    public var invoices: [String] = []
    public var profile: String?
    /// Profile files to detect each file's among (`[input] profile = [...]`), and each file's own by glob (`[[profile]]`).
    public var profiles: [String] = []
    public var fileProfiles: [(pattern: String, profile: String)] = []
    public var rules: String?
    public var contracts: String?
    public var organisation: String?
    public var currencyRates: String?
    /// Published figures (TOML) to reconcile in bilaga3.md.
    public var published: String?
    /// Whether `published` is one a part carried, masked already (`spend merge`).
    var publishedAsWritten = false
    public var configPath: String?
    public var settings = AnalysisSettings()
    public var outDir = "Reports"
    public var formats: Set<String> = ["json", "csv", "md", "html", "xlsx"]
    public var maxRejects = 0.001
    /// A run with no accepted row succeeds (`[input] allow_empty`); by default it fails with exit 65.
    public var allowEmpty = false
    public var chunkSize = 1 << 20
    /// The CSV parser; `libcsv` also turns the fast path off (every line through the reference path).
    public var parser = CSVParserKind.fast
    /// Worker threads for the fast path.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var logger = Logger.silent
    /// Keep replaced year folders under `archive/<year>/<time>/` (`spend run`).
    public var archive = false
    /// Show a progress line (only ever when stderr is a terminal).
    public var progress = false
    public init() {}

    /// The format names, checked against `FormatSelector`; an unknown one is `error(message)`.
    public static func checkFormats(_ names: [String], error: (String) -> Error) throws -> Set<String> {
        let set = Set(names.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        for n in set.sorted() where FormatSelector(rawValue: n) == nil {
            throw error("unknown format '\(n)' (known: \(FormatSelector.names()))")
        }
        guard !set.isEmpty else { throw error("no output format given") }
        return set
    }
}

/// What a run produced.
public struct RunResult: Sendable {
    public var counts: RowCounts
    public var reports: [YearReport]
    public var rejects: RowIssues
    public var written: [String]
    /// Published entries (year folders, the database) whose bytes did not change.
    public var unchanged: [String] = []
    public var seconds: Double = 0
    /// The process's peak resident memory when the run ended, MB.
    public var peakMegabytes = 0

    /// The one summary line for stderr: rows, rejects, duplicates, total per year, time and peak memory.
    public var summaryLine: String {
        let c = counts
        let years = reports.map {
            "\($0.year): \(Fmt.kronor($0.total, $0.currency).replacingOccurrences(of: "\u{A0}", with: " "))"
        }.joined(separator: ", ")
        let skipped = c.skipped > 0 ? " (\(c.skipped) line\(c.skipped == 1 ? "" : "s") above headers skipped)" : ""
        return
            "\(Fmt.count(c.read, "row")) read = \(c.accepted) accepted + \(c.rejected) rejected + \(c.excluded) excluded + \(c.duplicates) duplicates\(skipped); \(reports.first.map { "\($0.category): \(years)" } ?? "no year asked for has a line, no report written"); \(String(format: "%.1f", seconds)) s, peak \(peakMegabytes) MB"
    }
}

/// read → normalise → classify → aggregate → render, for `spend analyze` and `spend run`.
public enum Pipeline {
    /// Ingests and analyses; `prepare` sets the analyzer up before the first line (a line sink takes the reference
    /// path), and `database` makes the SQLite output, which the same pass fills with every line. Writes nothing else.
    public static func analyze(
        _ o: RunOptions, prepare: ((Analyzer) throws -> Void)? = nil,
        database: ((Analyzer) throws -> SQLiteOutput?)? = nil
    ) throws -> (Analyzer, Ingestor) {
        guard !o.invoices.isEmpty else {
            throw RunError.usage("no invoice files given (--invoices or [input] invoices)")
        }
        let (ingestor, profile) = try Pipeline.ingestor(o)
        let analyzer = try Pipeline.analyzer(o)
        try checkCategory(o, analyzer)
        try prepare?(analyzer)
        let db = try database?(analyzer)
        let progress = Progress(enabled: o.progress)
        ingestor.onProgress = { progress.update(rows: $0, file: PersonalData.masked($1)) }
        if o.parser == .fast && analyzer.lineSink == nil {
            try ingestor.ingest(
                paths: o.invoices, profile: profile, into: analyzer, threads: max(1, o.threads), database: db)
        } else {
            if let db, let sink = analyzer.lineSink {
                analyzer.lineSink = {
                    sink($0, $1); db.add($0, $1)
                }
            } else if let db {
                analyzer.lineSink = { db.add($0, $1) }
            }
            try ingestor.ingest(paths: o.invoices, profile: profile) { analyzer.add($0) }
        }
        Progress.clearLine()
        let c = ingestor.counts
        if c.read > 0 && o.tooManyRejects(rejected: c.rejected, read: c.read) {
            throw IngestError.tooManyRejects(
                rejected: c.rejected, read: c.read, limit: o.maxRejects,
                why: FailedRun.summary(ingestor.rejects), kept: FailedRun.keep(ingestor.rejects, in: o.outDir, configPath: o.configPath, files: ingestor.files))
        }
        if c.accepted == 0 && !o.allowEmpty {
            throw IngestError.noneAccepted(
                read: c.read, rejected: c.rejected, excluded: c.excluded, why: FailedRun.summary(ingestor.rejects),
                kept: c.rejected > 0 ? FailedRun.keep(ingestor.rejects, in: o.outDir, configPath: o.configPath, files: ingestor.files) : nil)
        }
        return (analyzer, ingestor)
    }

    /// The ingestion of every command (`analyze`, `run`, `explain`, `rules check`): the run's profile, exchange
    /// rates, parser and chunk size, so a row one command accepts every other accepts too.
    public static func ingestor(_ o: RunOptions) throws -> (ingestor: Ingestor, profile: Profile?) {
        let ingestor = Ingestor()
        ingestor.profiles = try ProfileChoice.load(profile: o.profile, candidates: o.profiles, byFile: o.fileProfiles)
        if let d = o.decimal { ingestor.profiles.setDecimal(d) }
        let profile: Profile? = nil  // the choice is the ingestor's: a file's own profile wins over the run's
        ingestor.chunkSize = o.chunkSize
        ingestor.parserKind = o.parser
        ingestor.rates = try o.currencyRates.map { try CurrencyRates.load($0) }
        return (ingestor, profile)
    }

    /// A category that no rule of the table names can only come out as 0 kr, whatever the ledger holds: most likely
    /// a misspelling (`IT och telkom`), so it stops the run (exit 64) and lists the table's categories.
    static func checkCategory(_ o: RunOptions, _ a: Analyzer) throws {
        guard let category = o.settings.category, category != RuleTable.unclassified,
            let rules = a.classifier?.table.rules, !rules.contains(where: { $0.category == category })
        else { return }
        let known = Set(rules.map(\.category)).sorted().map { "'\($0)'" }.joined(separator: ", ")
        let table = o.rules.map { PathDisplay.forRun(configPath: o.configPath, files: []).show($0) } ?? "the rule table"
        throw RunError.usage(
            (o.categoryOrigin.map { "\($0): category '\(category)': no rule of \(table) puts a line in it" }
                ?? "\(table): no rule puts a line in the category '\(category)'") + " (its categories: \(known))")
    }

    /// An analyzer with the run's rule table, contracts and organisation map loaded.
    public static func analyzer(_ o: RunOptions, names: TallyNames = TallyNames()) throws -> Analyzer {
        let classifier = try o.rules.map { Classifier(try RuleTable.load($0)) }
        let contracts = try o.contracts.map { try ContractRegister.load($0) } ?? .empty
        let org = try o.organisation.map { try OrganisationMap.load($0) }
        return Analyzer(
            settings: o.settings, classifier: classifier, contracts: contracts, organisation: org, names: names)
    }

    /// The per-year formats selected by name (`FormatSelector`'s table; unknown names select nothing).
    public static func formats(_ names: Set<String>) -> [any ReportFormat] {
        FormatSelector.formats(Set(names.compactMap(FormatSelector.init(rawValue:))))
    }

    /// The whole run under the lock of the reports folder: analyse into staging, then swap the reports in.
    /// If anything fails, the previous reports stay as they were.
    public static func run(_ o: RunOptions) throws -> RunResult {
        let start = Date()
        let publisher = try ReportPublisher(outDir: o.outDir, log: o.logger)
        publisher.archive = o.archive
        var database: SQLiteOutput?
        // Whatever throws, the database's thread is done before the staging it writes into can go.
        defer { withExtendedLifetime(publisher) { database?.settle() } }
        let (analyzer, ingestor) = try analyze(
            o,
            database: { analyzer in
                guard o.formats.contains(FormatSelector.sqlite.rawValue) else { return nil }
                database = try SQLiteOutput(
                    path: try publisher.stagedPath("spend.sqlite"), rules: analyzer.classifier?.table,
                    contracts: analyzer.contracts)
                return database
            })
        // The database's last tables are written on its own thread while the reports are made; its failure, if
        // any, is the run's first.
        database?.finishLater(
            files: ingestor.files, paths: PathDisplay.forRun(configPath: o.configPath, files: ingestor.files),
            info: ingestor.fileInfo, counts: ingestor.counts, rejects: ingestor.rejects,
            contracts: analyzer.contracts, organisation: analyzer.organisation, category: o.settings.category,
            currency: ingestor.currency ?? .sek)
        let made = Result {
            try writeReports(
                o, analyzer: analyzer, books: ingestor.books, publisher: publisher,
                currency: ingestor.currency ?? .sek, files: ingestor.files)
        }
        try database?.wait()
        var (reports, written) = try made.get()
        if database != nil { written.append(o.outDir + "/spend.sqlite") }
        try publisher.publish()
        FailedRun.clear(in: o.outDir)  // an earlier failure's rejects would now mislead
        let result = RunResult(
            counts: ingestor.counts, reports: reports, rejects: ingestor.rejects, written: written,
            unchanged: publisher.unchanged, seconds: Date().timeIntervalSince(start),
            peakMegabytes: ProcessMemory.peakMegabytes)
        result.log(to: o.logger, analyzer: analyzer, ingestor: ingestor)
        return result
    }

    /// Builds every year's report and writes the selected formats into the publisher's staging, for `analyze`,
    /// `run` and `merge` alike: the reports, and the paths written.
    static func writeReports(
        _ o: RunOptions, analyzer: Analyzer, books: RowBooks, publisher: ReportPublisher,
        currency: Currency, files: [String]
    ) throws -> (reports: [YearReport], written: [String]) {
        var reports: [YearReport] = []
        for y in analyzer.reportYears {
            var r = try YearReport.build(
                year: y, figures: analyzer.takeSupplierDetail(year: y), rows: books.counts, analyzer: analyzer,
                threads: max(1, o.threads))
            r.currency = currency
            reports.append(r)
        }
        let published = try o.published.map { try PublishedFigures.load($0, asWritten: o.publishedAsWritten) }
        if let unmatched = published?.years(without: reports.map(\.year)) {
            if !unmatched.isEmpty {
                o.logger.warning(
                    "the published figures of \(unmatched.map(String.init).joined(separator: ", ")) are compared with nothing: the run has no report of \(unmatched.count == 1 ? "that year" : "those years")"
                )
            }
        }
        let paths = PathDisplay.forRun(configPath: o.configPath, files: files)
        var written: [String] = []
        for (i, r) in reports.enumerated() {
            let ctx = ReportContext(
                report: r, history: Array(reports[..<i]), rejects: books.rejects, excluded: books.excluded,
                duplicates: books.duplicates, published: published, paths: paths)
            for f in formats(o.formats) {
                let relative = "\(r.year)/" + f.fileName
                try publisher.write(f, ctx, to: relative)
                written.append(o.outDir + "/" + relative)
            }
        }
        return (reports, written)
    }
}

extension RunResult {
    /// The summary line at info level; rejects (the first ten), unmapped cost centres and board names as warnings.
    func log(to log: Logger, analyzer: Analyzer, ingestor: Ingestor) {
        self.log(
            to: log, analyzer: analyzer,
            warnings: ingestor.warnings + LayoutRow.warnings(ingestor.books.excluded),
            files: ingestor.files.map { f in
                "\(f): \(ingestor.fileInfo[f].map { "\($0.encoding), profile \($0.profile)" } ?? "")"
            })
    }

    /// The same from a run's warnings and its files' descriptions (`spend merge` has no ingestor).
    func log(to log: Logger, analyzer: Analyzer, warnings: [String], files: [String]) {
        for w in warnings { log.warning("\(w)") }
        for y in analyzer.settings.years.sorted() where analyzer.years[y] == nil {
            log.warning(
                "no accepted line is dated \(y), a year asked for: no report is written for it (one of an earlier run stays as it was)")
        }
        if analyzer.contracts.contracts.isEmpty && !analyzer.years.isEmpty {
            // the reports' loyalty reads 0 % on contract: the data cannot tell, so say why
            log.warning("no contract register (--contracts), or one without contracts: all spend counts as off contract")
        }
        // only the lead times the analyst wrote: the built-in ones name subcategories a register may well not have
        let builtIn = AnalysisSettings().leadTimeMonths
        let written = analyzer.settings.leadTimeMonths.filter { builtIn[$0.key] != $0.value }
        for w in analyzer.contracts.unmatched(leadTimes: written) { log.warning("\(w)") }
        for w in analyzer.contracts.extensionsBeforeEnd() { log.warning("\(w)") }
        if let rules = analyzer.classifier?.table {
            for w in analyzer.contracts.unmatched(by: rules) { log.warning("\(w)") }
        }
        for r in reports where !r.manyNamed.isEmpty {
            let shown = r.manyNamed.prefix(3).map { "\($0.id) (\($0.names) names, shown as '\(Fmt.clean($0.name))')" }
            let more = r.manyNamed.count > 3 ? " and \(Fmt.count(r.manyNamed.count - 3, "other")) " : " "
            let w =
                "\(r.year): supplier id \(shown.joined(separator: ", "))\(more)counts as one supplier though its lines "
                + "carry that many names: an id that payees share (a placeholder, a payment bureau's) joins them into "
                + "one; supplier_id_ignore in the profile keys such lines by their names"
            log.warning("\(w)")
        }
        for r in rejects.prefix(10) { log.warning("\(r.position)") }
        if rejects.count > 10 { log.warning("… and \(rejects.count - 10) more rejected rows, listed in rejects.csv") }
        var unmapped: [String: Int64] = [:]
        for y in analyzer.years.values { unmapped.merge(y.unmappedCostCentres, uniquingKeysWith: +) }
        if !unmapped.isEmpty {
            let codes = unmapped.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map(\.key)
            let why =
                analyzer.organisation == nil
                ? "no organisation map (--org): \(Fmt.count(unmapped.count, "cost centre")) went"
                : unmapped.count == 1
                    ? "1 cost centre is not in the organisation map and went"
                    : "\(unmapped.count) cost centres are not in the organisation map and went"
            log.warning(
                "\(why) to \(OrganisationMap.unknown): \(codes.joined(separator: ", "))\(unmapped.count > 10 ? ", …" : "")"
            )
        }
        let boards = analyzer.organisation?.unmappedNames.sorted ?? []
        if !boards.isEmpty {
            log.warning(
                "\(boards.count)\(analyzer.organisation?.unmappedNames.truncated == true ? "+" : "") board names are not in the organisation map and went to \(OrganisationMap.unknown): \(boards.prefix(10).joined(separator: ", "))\(boards.count > 10 ? ", …" : "")"
            )
        }
        for f in files { log.debug("\(f)") }
        if !unchanged.isEmpty { log.debug("unchanged, left as they were: \(unchanged.joined(separator: ", "))") }
        log.info("\(summaryLine)")
    }
}
