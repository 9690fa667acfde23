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
        subcommands: [Analyze.self, Fixtures.self])
}

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read, classify and analyse invoice exports; write the reports.")

    @Option(name: .customLong("invoices"), parsing: .upToNextOption, help: "Invoice exports: paths and globs (.csv, .csv.gz).")
    var invoices: [String] = []
    @Option(help: "Export profile: auto, proceedo, proaact, leverantorsreskontra or a .toml file.") var profile: String?
    @Option(help: "Rule table (CSV).") var rules: String?
    @Option(help: "Contract register (CSV).") var contracts: String?
    @Option(name: .customLong("org"), help: "Organisation map (CSV).") var organisation: String?
    @Option(help: "The category to analyse.") var category: String?
    @Option(name: .customLong("year"), parsing: .upToNextOption, help: "Years to report (default: every year in the data).") var years: [Int] = []
    @Option(help: "Output directory.") var out: String?
    @Option(help: "Output formats, comma-separated: json,csv.") var format: String?
    @Option(help: "Largest fraction of rejected rows before the run fails (exit 65).") var maxRejects: Double?
    @Option(help: "Read buffer size in bytes.") var chunkSize: Int?
    @Option(help: "Direct-award threshold in SEK, applied to every year reported.") var directAwardThreshold: Int64?
    @Option(help: "Invoice handling cost in SEK per invoice (0: not shown).") var invoiceHandlingCost: Int64?

    func run() throws {
        var o = RunOptions()
        o.invoices = Ingestor.expand(invoices)
        o.profile = profile
        o.rules = rules
        o.contracts = contracts
        o.organisation = organisation
        o.settings.category = category
        o.settings.years = years
        if let out { o.outDir = out }
        if let format { o.formats = Set(format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        if let maxRejects { o.maxRejects = maxRejects }
        if let chunkSize { o.chunkSize = max(1, chunkSize) }
        if let invoiceHandlingCost { o.settings.invoiceHandlingCost = invoiceHandlingCost * 100 }
        o.settings.directAwardThresholdAllYears = directAwardThreshold.map { $0 * 100 }
        do {
            let result = try Pipeline.run(o)
            FileHandle.standardError.write(Data("spend: \(result.summaryLine)\n".utf8))
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
    let code = Spend.exitCode(for: error)
    Spend.exit(withError: code == .validationFailure ? error : error)
}
