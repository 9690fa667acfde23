import ArgumentParser
import Foundation
import SpendKit

/// Prints `spend: error: …` and exits with the error's sysexits code.
func fail(_ error: Error) -> Never {
    if let e = error as? ExitCoded {
        FileHandle.standardError.write(Data("spend: error: \(e.description)\n".utf8))
        exit(e.exitCode)
    }
    FileHandle.standardError.write(Data("spend: error: \(error)\n".utf8))
    exit(70)
}

struct Spend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spend",
        abstract: "Spend analysis of municipal invoice exports.",
        subcommands: [Analyze.self, Run.self, Rules.self, Explain.self, Apportion.self, Fixtures.self])
}

/// The settings every analysing command shares: a config file, and flags that override it.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Configuration file (spend.toml); flags override it.") var config: String?
    @Option(name: .customLong("invoices"), parsing: .upToNextOption, help: "Invoice exports: paths and globs (.csv, .csv.gz).")
    var invoices: [String] = []
    @Option(help: "Export profile: auto, proceedo, proaact, leverantorsreskontra or a .toml file.") var profile: String?
    @Option(help: "Rule table (CSV).") var rules: String?
    @Option(help: "Contract register (CSV).") var contracts: String?
    @Option(name: .customLong("org"), help: "Organisation map (CSV).") var organisation: String?
    @Option(help: "Exchange rates (valuta;datum;kurs).") var currencyRates: String?
    @Option(help: "Published figures (TOML) to reconcile in bilaga3.md.") var published: String?
    @Option(help: "The category to analyse.") var category: String?
    @Option(name: .customLong("year"), parsing: .upToNextOption, help: "Years to report (default: every year in the data).") var years: [Int] = []
    @Option(help: "Year of a line: booking or invoice.") var yearBy: String?
    @Option(help: "Output directory.") var out: String?
    @Option(help: "Output formats, comma-separated: \(RunOptions.knownFormats.joined(separator: ",")).") var format: String?
    @Option(help: "Largest fraction of rejected rows before the run fails (exit 65).") var maxRejects: Double?
    @Option(help: "Read buffer size in bytes.") var chunkSize: Int?
    @Option(help: "CSV parser: fast (spend's scanner) or libcsv (the reference it is tested against).") var parser: String?
    @Option(help: "Worker threads for the fast path (default: the machine's cores).") var threads: Int?
    @Option(help: "Direct-award threshold in SEK, applied to every year reported.") var directAwardThreshold: Int64?
    @Option(help: "Invoice handling cost in SEK per invoice (0: not shown).") var invoiceHandlingCost: Int64?
    @Flag(help: "Errors only on stderr.") var quiet = false
    @Flag(help: "Also say which files were read and how.") var verbose = false

    /// The config file's options with every flag given laid over them.
    func options(configRequired: Bool = false) throws -> RunOptions {
        if configRequired && config == nil { throw RunError.usage("--config is required") }
        var o = try config.map { try SpendConfig.load($0) } ?? RunOptions()
        if !invoices.isEmpty { o.invoices = invoices }
        o.invoices = Ingestor.expand(o.invoices)
        if let profile { o.profile = profile }
        if let rules { o.rules = rules }
        if let contracts { o.contracts = contracts }
        if let organisation { o.organisation = organisation }
        if let currencyRates { o.currencyRates = currencyRates }
        if let published { o.published = published }
        if let category { o.settings.category = category }
        if !years.isEmpty { o.settings.years = years }
        if let yearBy {
            guard let y = YearBy(rawValue: yearBy) else { throw RunError.usage("--year-by takes booking or invoice") }
            o.settings.yearBy = y
        }
        if let out { o.outDir = out }
        if let format { o.formats = try RunOptions.checkFormats(format.split(separator: ",").map(String.init)) { RunError.usage("--format: \($0)") } }
        if let maxRejects {
            guard maxRejects >= 0 && maxRejects <= 1 else { throw RunError.usage("--max-rejects takes a fraction between 0 and 1") }
            o.maxRejects = maxRejects
        }
        if let chunkSize { o.chunkSize = max(1, chunkSize) }
        if let parser {
            guard let k = CSVParserKind(rawValue: parser) else { throw RunError.usage("--parser takes fast or libcsv") }
            o.parser = k
        }
        if let threads {
            guard threads >= 1 else { throw RunError.usage("--threads takes a number from 1") }
            o.threads = threads
        }
        if let invoiceHandlingCost { o.settings.invoiceHandlingCost = try kronor(invoiceHandlingCost, "--invoice-handling-cost") }
        if let directAwardThreshold { o.settings.directAwardThresholdAllYears = try kronor(directAwardThreshold, "--direct-award-threshold") }
        o.logger = StderrLogHandler.logger(quiet: quiet, verbose: verbose)
        o.progress = !quiet
        return o
    }
}

/// A flag in whole kronor as öre: 0 to `Amount.limitKronor`, else a usage error (exit 64).
private func kronor(_ v: Int64, _ flag: String) throws -> Int64 {
    guard let ore = Amount.settingOre(kronor: v) else { throw RunError.usage("\(flag) takes 0 to \(Amount.limitKronorText) kronor, not \(v)") }
    return ore
}

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read, classify and analyse invoice exports; write the reports.")
    @OptionGroup var settings: SettingsOptions

    func run() throws {
        do { _ = try Pipeline.run(try settings.options()) } catch { fail(error) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The cron entry point: analyse what the config names, under a lock, and replace the reports atomically.",
        discussion: "Exit codes: 0 done, 64 bad configuration, 65 unusable input, 66 missing input, 73 cannot write, 75 locked.")
    @OptionGroup var settings: SettingsOptions

    func run() throws {
        do {
            var o = try settings.options(configRequired: true)
            o.archive = true
            _ = try Pipeline.run(o)
        } catch { fail(error) }
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Work with rule tables.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report shadowed, duplicate and conflicting rules, and with --invoices the rules that never matched.",
            discussion: "Exit 0 with warnings only, 65 when a rule conflicts or the table has errors.")
        @Option(help: "Rule table (CSV).") var rules: String
        @Option(parsing: .upToNextOption, help: "Invoice exports to classify.") var invoices: [String] = []
        @Option(help: "Export profile.") var profile: String?

        func run() throws {
            do {
                let table = try RuleTable.load(rules)
                var hits: [Int]?
                if !invoices.isEmpty {
                    let c = Classifier(table)
                    let p = try profile.flatMap { $0 == "auto" ? nil : try Profile.named($0) }
                    try Ingestor().ingest(paths: Ingestor.expand(invoices), profile: p) { _ = c.classify(RuleSubject($0)) }
                    hits = c.hits
                }
                let findings = table.check(hits: hits)
                for f in findings { print(f.description) }
                print("\(table.rules.count) rules, \(findings.filter { $0.severity == .error }.count) errors, \(findings.filter { $0.severity == .warning }.count) warnings")
                if findings.contains(where: { $0.severity == .error }) { throw ExitCode(65) }
            } catch let e as ExitCode { throw e } catch { fail(error) }
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show which rule classified a supplier's lines, or trace one row through the rules.")
    @Option(help: "Configuration file (spend.toml): its rules, invoices and profile.") var config: String?
    @Option(help: "Rule table (CSV); overrides the config's.") var rules: String?
    @Option(parsing: .upToNextOption, help: "Invoice exports; override the config's.") var invoices: [String] = []
    @Option(help: "Export profile; overrides the config's.") var profile: String?
    @Option(help: "Supplier org number (any spelling) or name.") var supplier: String?
    @Option(help: "A row as FILE:LINE.") var row: String?

    func run() throws {
        do {
            guard (supplier == nil) != (row == nil) else { throw RunError.usage("give exactly one of --supplier and --row") }
            let o = try config.map { try SpendConfig.load($0) } ?? RunOptions()
            guard let rules = rules ?? o.rules else { throw RunError.usage("no rule table (--rules, or [reference] rules in --config)") }
            let invoices = Ingestor.expand(invoices.isEmpty ? o.invoices : invoices)
            let classifier = Classifier(try RuleTable.load(rules))
            let p = try (profile ?? o.profile).flatMap { $0 == "auto" ? nil : try Profile.named($0) }
            if let supplier {
                let key = SupplierKey.of(SupplierID.parse(supplier), name: supplier)
                var lines: [InvoiceLine] = []
                try Ingestor().ingest(paths: invoices, profile: p) {
                    if SupplierKey.of($0.supplierID, name: $0.supplierName) == key { lines.append($0) }
                }
                guard !lines.isEmpty else { throw RunError.usage("no lines of supplier \(supplier) in the invoices") }
                print(Explanation.supplier(key, lines: lines, classifier: classifier), terminator: "")
            } else if let row, let colon = row.lastIndex(of: ":"), let n = Int(row[row.index(after: colon)...]) {
                let file = String(row[..<colon])
                var found: InvoiceLine?
                try Ingestor().ingest(paths: [file], profile: p) { if $0.source.line == n { found = $0 } }
                guard let found else { throw RunError.usage("\(row): no accepted row starts on that line") }
                print(Explanation.row(found, position: row, classifier: classifier), terminator: "")
            } else {
                throw RunError.usage("--row takes FILE:LINE")
            }
        } catch { fail(error) }
    }
}

struct Apportion: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a cost by population or FTE shares into whole units that sum exactly (largest remainder).")
    @Option(help: "The amount in whole units (kronor, or tkr).") var amount: Int64
    @Option(help: "Weights: namn;vikt[;publicerat], decimal comma allowed.") var weights: String

    func run() throws {
        do {
            let a = try Apportionment.split(amount, weights: try Apportionment.loadWeights(weights))
            print(a.render(), terminator: "")
        } catch { fail(error) }
    }
}

struct Fixtures: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the reference data set (SPEC §6): ledger, rules, contracts, organisation map.")
    @Option(help: "Output directory.") var out: String
    @Option(help: "Multiplies the number of lines (amounts stay the same).") var scale = 1
    @Option(help: "Random seed.") var seed: UInt64 = 2022

    func run() throws {
        do {
            let files = try ReferenceDataSet(scale: scale, seed: seed).write(to: out)
            FileHandle.standardError.write(Data("spend: wrote \(files.count) files to \(out)\n".utf8))
        } catch { fail(error) }
    }
}

do {
    var command = try Spend.parseAsRoot()
    try command.run()
} catch {
    if error is ExitCoded { fail(error) }
    Spend.exit(withError: error)
}
