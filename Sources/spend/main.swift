import ArgumentParser
import Foundation
import SpendKit

/// Prints `spend: error: …` (no personnummer, whatever the error quotes) and exits with the error's sysexits code.
func fail(_ error: Error) -> Never {
    let e = error as? ExitCoded
    let text = PersonalData.masked("spend: error: \(e?.description ?? "\(error)")\n")
    FileHandle.standardError.write(Data(text.utf8))
    exit(e?.exitCode ?? 70)
}

/// `--quiet` and `--verbose` ask for opposite things: a usage error (exit 64), not one silently winning.
func checkLogging(quiet: Bool, verbose: Bool) throws {
    if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
}

struct Spend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spend",
        abstract: "Spend analysis of municipal invoice exports.",
        version: SpendKitVersion.string,
        subcommands: [
            Analyze.self, Run.self, Rules.self, Explain.self, Apportion.self, Fixtures.self, Partial.self, Merge.self,
        ])
}

/// The settings every analysing command shares: a config file, and flags that override it.
struct SettingsOptions: ParsableArguments {
    @Option(help: "Configuration file (spend.toml); flags override it.") var config: String?
    @Option(
        name: .customLong("invoices"), parsing: .upToNextOption,
        help: "Invoice exports: paths and globs (.csv, .csv.gz).")
    var invoices: [String] = []
    @Option(
        help:
            "Export profile: auto, proceedo, proaact, leverantorsreskontra, a .toml file, or .toml files separated by commas (each file takes the one its header fits)."
    ) var profile: String?
    @Option(
        help:
            "The amounts' decimal sign, , or . (overrides the profiles'): with a comma, 12.500 is 12 500 (else a reject, as 12,50 could be meant)."
    ) var decimal: String?
    @Option(help: "Rule table (CSV).") var rules: String?
    @Option(help: "Contract register (CSV).") var contracts: String?
    @Option(name: .customLong("org"), help: "Organisation map (CSV).") var organisation: String?
    @Option(help: "Exchange rates (valuta;datum;kurs).") var currencyRates: String?
    @Option(help: "Published figures (TOML) to reconcile with the data in avstamning.md.") var published: String?
    @Option(help: "The category to analyse.") var category: String?
    @Option(
        name: .customLong("year"), parsing: .upToNextOption, help: "Years to report (default: every year in the data).")
    var years: [Int] = []
    @Option(help: "Year of a line: booking or invoice.") var yearBy: String?
    @Option(help: "Output directory.") var out: String?
    @Option(help: "Output formats, comma-separated: \(FormatSelector.names(separator: ",")).") var format: String?
    @Option(parsing: .unconditional, help: "Largest fraction of rejected rows before the run fails (exit 65).")
    var maxRejects: Double?
    @Option(help: "Read buffer size in bytes.") var chunkSize: Int?
    @Option(help: "CSV parser: fast (spend's scanner) or libcsv (the reference it is tested against).") var parser:
        String?
    @Option(parsing: .unconditional, help: "Worker threads for the fast path (default: the machine's cores).")
    var threads: Int?
    // `.unconditional`: a negative number is a value, so its message says it must not be negative, not "missing value"
    @Option(parsing: .unconditional, help: "Direct-award threshold in SEK, applied to every year reported.")
    var directAwardThreshold: Int64?
    @Option(parsing: .unconditional, help: "Invoice handling cost in SEK per invoice (0: not shown).")
    var invoiceHandlingCost: Int64?
    @Flag(help: "Errors only on stderr.") var quiet = false
    @Flag(help: "Also say which files were read and how.") var verbose = false

    func validate() throws { try checkLogging(quiet: quiet, verbose: verbose) }

    /// The config file's options with every flag given laid over them; a flag passes the same checks as its key in
    /// spend.toml (`RunOptions.check…`), and a file named twice is read once, with a warning.
    func options(configRequired: Bool = false) throws -> RunOptions {
        if configRequired && config == nil { throw RunError.usage("--config is required") }
        let usage = { (m: String) -> Error in RunError.usage(m) }
        func path(_ s: String?, _ flag: String) throws -> String? {
            try s.map { try RunOptions.checkNonEmpty($0, key: flag, error: usage) }
        }
        var o = try config.map { try SpendConfig.load($0) } ?? RunOptions()
        if !invoices.isEmpty { o.invoices = invoices }
        let inputs = RunOptions.uniqueInputs(o.invoices)
        o.invoices = inputs.paths
        if let profile = try path(profile, "--profile") { o.profile = profile; o.profiles = []; o.fileProfiles = [] }  // the flag wins over every profile of the config
        if let decimal { o.decimal = try RunOptions.checkDecimal(decimal) { RunError.usage("--decimal: \($0)") } }
        if let rules = try path(rules, "--rules") { o.rules = rules }
        if let contracts = try path(contracts, "--contracts") { o.contracts = contracts }
        if let organisation = try path(organisation, "--org") { o.organisation = organisation }
        if let currencyRates = try path(currencyRates, "--currency-rates") { o.currencyRates = currencyRates }
        if let published = try path(published, "--published") { o.published = published }
        if let category = try path(category, "--category") {
            o.settings.category = PersonalData.masked(category)
            o.categoryOrigin = nil  // the flag's, not the config's
        }
        if !years.isEmpty { o.settings.years = try RunOptions.checkYears(years, key: "--year", error: usage) }
        if let yearBy {
            guard let y = YearBy(rawValue: yearBy) else { throw RunError.usage("--year-by takes booking or invoice") }
            o.settings.yearBy = y
        }
        if let out = try path(out, "--out") { o.outDir = out }
        if let format {
            o.formats = try RunOptions.checkFormats(format.split(separator: ",").map(String.init)) {
                RunError.usage("--format: \($0)")
            }
        }
        if let maxRejects {
            o.maxRejects = try RunOptions.checkFraction(maxRejects, key: "--max-rejects", error: usage)
        }
        if let chunkSize {
            guard chunkSize >= 1 else { throw RunError.usage("--chunk-size takes a number of bytes from 1") }
            o.chunkSize = chunkSize
        }
        if let parser {
            guard let k = CSVParserKind(rawValue: parser) else { throw RunError.usage("--parser takes fast or libcsv") }
            o.parser = k
        }
        if let threads {
            guard threads >= 1 else { throw RunError.usage("--threads takes a number from 1") }
            o.threads = threads
        }
        if let invoiceHandlingCost {
            o.settings.invoiceHandlingCost = try RunOptions.checkKronor(
                invoiceHandlingCost, key: "--invoice-handling-cost",
                limit: RunOptions.maxHandlingCostKronor, error: usage)
        }
        if let directAwardThreshold {
            // The flag overrides the config's thresholds, its per-year ones too (they would win over one for all years).
            o.settings.directAwardThreshold = [:]
            o.settings.directAwardThresholdAllYears = try RunOptions.checkKronor(
                directAwardThreshold, key: "--direct-award-threshold", error: usage)
        }
        o.logger = StderrLogHandler.logger(quiet: quiet, verbose: verbose, mask: PersonalData.masked)
        o.progress = !quiet
        if !inputs.repeated.isEmpty {
            let shown = inputs.repeated.prefix(5).joined(separator: ", ") + (inputs.repeated.count > 5 ? ", …" : "")
            o.logger.warning(
                "\(inputs.repeated.count) repeated invoice file names dropped; each file is read once: \(shown)")
        }
        return o
    }
}

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read, classify and analyse invoice exports; write the reports.")
    @OptionGroup var settings: SettingsOptions

    func run() throws {
        do { _ = try Pipeline.run(try settings.options()) } catch { fail(error) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The cron entry point: analyse what the config names, under a lock, and replace the reports atomically.",
        discussion:
            "Exit codes: 0 done, 64 bad configuration, 65 unusable input, 66 missing input, 73 cannot write, 75 locked."
    )
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
            abstract:
                "Report shadowed, duplicate and conflicting rules, and with --invoices the rules that never matched.",
            discussion: "Exit 0 with warnings only, 65 when a rule conflicts or the table has errors.")
        @OptionGroup var settings: SettingsOptions

        func run() throws {
            do {
                let o = try settings.options()
                guard let rules = o.rules else {
                    throw RunError.usage("no rule table (--rules, or [reference] rules in --config)")
                }
                let table = try RuleTable.load(rules)
                var classifier: Classifier?
                if !o.invoices.isEmpty {
                    let c = Classifier(table, trackingRegexUsage: true)
                    let (ingestor, p) = try Pipeline.ingestor(o)
                    try ingestor.ingest(paths: o.invoices, profile: p) { _ = c.classify(RuleSubject($0)) }
                    classifier = c
                }
                let findings = classifier.map(table.check(classified:)) ?? table.check()
                for f in findings { print(PersonalData.masked(f.description)) }
                print(
                    "\(Fmt.count(table.rules.count, "rule")), \(Fmt.count(findings.filter { $0.severity == .error }.count, "error")), \(Fmt.count(findings.filter { $0.severity == .warning }.count, "warning"))"
                )
                if findings.contains(where: { $0.severity == .error }) { throw ExitCode(65) }
            } catch let e as ExitCode { throw e } catch { fail(error) }
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which rule classified a supplier's lines, or trace one row through the rules.",
        discussion:
            "Reads the invoices as `spend analyze` does, with the same config, profile, exchange rates and parser.")
    @OptionGroup var settings: SettingsOptions
    @Option(help: "Supplier id (any spelling) or any name it appears under.") var supplier: String?
    @Option(help: "A row as FILE:LINE.") var row: String?

    func run() throws {
        do {
            guard (supplier == nil) != (row == nil) else {
                throw RunError.usage("give exactly one of --supplier and --row")
            }
            let o = try settings.options()
            let text =
                try supplier.map { try Explanation.supplier($0, options: o) } ?? Explanation.row(row!, options: o)
            print(PersonalData.masked(text), terminator: "")  // file names and quoted values included
        } catch { fail(error) }
    }
}

struct Apportion: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a cost by population or FTE shares into whole units that sum exactly (largest remainder).")
    @Option(parsing: .unconditional, help: "The amount in whole units (kronor, or tkr).") var amount: Int64
    @Option(help: "Weights: namn;vikt[;publicerat], decimal comma allowed.") var weights: String

    func run() throws {
        do {
            let a = try Apportionment.split(amount, weights: try Apportionment.loadWeights(weights))
            // line by line: masked whole, digits on adjacent lines could read as one number
            let lines = a.render().split(separator: "\n", omittingEmptySubsequences: false)
            print(lines.map { PersonalData.masked(String($0)) }.joined(separator: "\n"), terminator: "")
        } catch { fail(error) }
    }
}

struct Fixtures: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the reference data set (SPEC §6): ledger, rules, contracts, organisation map.")
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

struct Partial: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse one shard of a run (a range of its files, in order) into a part for `spend merge`.",
        discussion:
            "Takes analyze's options; --out names the part file. The duplicate check spans shards: --emit-keys writes the "
            + "shard's duplicate keys, --earlier reads keys of earlier shards (see README, \"Many organisations: Spark\"). "
            + "Files that name a sole trader need SPEND_PERSON_KEY: a secret, the same for every shard of the run."
    )
    @OptionGroup var settings: SettingsOptions
    @Option(help: "The run's number of this shard's first file, from 0.") var firstFile = 0
    @Option(help: "Files in the whole run (default: this shard ends the run).") var runFiles: Int?
    @Option(help: "Write the shard's duplicate keys (spend-keys/1) to this file.") var emitKeys: String?
    @Option(help: "Keys first seen in earlier shards (spend-keys/1): lines with them are dropped as duplicates.")
    var earlier: String?

    func run() throws {
        do {
            guard settings.out != nil else { throw RunError.usage("--out PART is required") }
            var shard = SpendKit.Partial.Shard()
            shard.firstFile = firstFile
            shard.runFiles = runFiles
            shard.emitKeys = emitKeys
            shard.earlier = earlier
            try SpendKit.Partial.run(try settings.options(), shard: shard)
        } catch { fail(error) }
    }
}

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write the reports of a run from its shards' parts: the same bytes as one `spend analyze` over all files.",
        discussion:
            "Exit 65 when the parts were made with different reference tables, settings or spend versions, or do not "
            + "hold every file of the run exactly once.")
    @Argument(help: "Parts written by `spend partial`, in any order.") var parts: [String]
    @Option(help: "Output directory.") var out = "Reports"
    @Option(help: "Output formats, comma-separated (default: those the parts were made with).") var format: String?
    @Option(help: "Threads for counting invoices.") var threads: Int?
    @Flag(help: "Errors only on stderr.") var quiet = false
    @Flag(help: "Also say which files the parts read and how.") var verbose = false
    @Option(
        help: "The config file the parts were made with: input paths are shown relative to it, as analyze shows them.")
    var config: String?

    func validate() throws { try checkLogging(quiet: quiet, verbose: verbose) }

    func run() throws {
        do {
            var m = PartMerge.Options()
            m.outDir = out
            m.configPath = config
            if let format {
                m.formats = try RunOptions.checkFormats(format.split(separator: ",").map(String.init)) {
                    RunError.usage("--format: \($0)")
                }
            }
            if let threads {
                guard threads >= 1 else { throw RunError.usage("--threads takes a number from 1") }
                m.threads = threads
            }
            m.logger = StderrLogHandler.logger(quiet: quiet, verbose: verbose, mask: PersonalData.masked)
            _ = try PartMerge.run(parts, m)
        } catch { fail(error) }
    }
}

ProcessMemory.returnLargeBlocks()
do {
    var command = try Spend.parseAsRoot()
    try command.run()
} catch {
    if error is ExitCoded { fail(error) }
    // The argument parser's own message (a usage error quotes the value given, help goes to stdout), masked.
    // A usage error reads `spend: error: …` as every other error does, its usage lines after it.
    let code = Spend.exitCode(for: error)
    var text = PersonalData.masked(Spend.fullMessage(for: error))
    if code != .success && text.hasPrefix("Error: ") { text = "spend: error: " + text.dropFirst("Error: ".count) }
    if !text.isEmpty {
        if code == .success { print(text) } else { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }
    exit(code.rawValue)
}
