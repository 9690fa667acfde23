import Foundation
import TOMLKit

/// `spend.toml` (SPEC §3.6): every key becomes a `RunOptions` field; relative paths are relative to the file.
public enum SpendConfig {
    static let keys: [String: [String]] = [
        "input": ["invoices", "profile", "max_rejects", "allow_empty", "decimal"],
        "reference": ["rules", "contracts", "organisation", "currency_rates", "published"],
        "analysis": [
            "category", "years", "year_by", "direct_award_threshold", "invoice_handling_cost", "lead_time_months",
        ],
        "output": ["dir", "formats"],
    ]

    /// Reads the file into options; any unknown table or key, or a value of the wrong kind, names its line.
    public static func load(_ path: String) throws -> RunOptions {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError.missing(path: path)
        }
        guard !isDirectory.boolValue else { throw ConfigError.unreadable(path: path, reason: "is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(path: path, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.invalid(path: path, line: 1, message: "not UTF-8 text")
        }
        let doc = try TOMLDocument(text: text, path: path) { ConfigError.invalid(path: path, line: $0, message: $1) }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        var o = RunOptions()
        o.configPath = path
        for section in doc.table.keys.sorted() {
            if section == "profile" { o.fileProfiles = try fileProfiles(doc, text: text, base: base); continue }
            guard let known = keys[section] else {
                throw ConfigError.invalid(
                    path: path, line: doc.line(of: section),
                    message: "unknown table [\(section)] (known: input reference analysis output, and [[profile]])")
            }
            guard let t = doc.table[section]?.table else {
                throw ConfigError.invalid(
                    path: path, line: doc.line(of: section), message: "'\(section)' must be a table")
            }
            for key in t.keys.sorted() {
                let value = ConfigValue(doc: doc, section: section, key: key, value: t[key]!, base: base)
                guard known.contains(key) else {
                    throw value.error("unknown key '\(key)' in [\(section)] (known: \(known.joined(separator: " ")))")
                }
                try apply(value, to: &o)
            }
        }
        return o
    }

    /// `[[profile]]` tables: `files` (a glob or a list, relative to the config) read with `profile` (a built-in name or
    /// a profile file), the first that matches a file wins over `[input] profile`.
    private static func fileProfiles(_ doc: TOMLDocument, text: String, base: URL) throws -> [(
        pattern: String, profile: String
    )] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.trimmingCharacters(in: .whitespaces).hasPrefix("[[profile]]") }.map { $0.offset + 1 }
        guard let list = doc.table["profile"]?.array else {
            throw ConfigError.invalid(
                path: doc.path, line: doc.line(of: "profile"),
                message: "write each file's profile as a [[profile]] table with files and profile")
        }
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).path }
        var out: [(pattern: String, profile: String)] = []
        for i in 0..<list.count {
            let fail = { (m: String) in
                ConfigError.invalid(path: doc.path, line: i < lines.count ? lines[i] : 1, message: "[[profile]] " + m)
            }
            guard let t = list[i].table else { throw fail("must be a table with files and profile") }
            for k in t.keys where k != "files" && k != "profile" { throw fail("knows files and profile, not '\(k)'") }
            guard let profile = t["profile"]?.string, !profile.isEmpty else {
                throw fail("needs profile = a built-in profile or a .toml file")
            }
            var files: [String] = []
            if let f = t["files"]?.string {
                files = [f]
            } else if let a = t["files"]?.array {
                files = a.compactMap { $0.string }
            }
            guard !files.isEmpty else { throw fail("needs files = a glob or a list of globs") }
            // A glob with a folder is relative to the config; one without is matched against the file's name.
            for f in files {
                out.append((f.contains("/") ? resolve(f) : f, profile.hasSuffix(".toml") ? resolve(profile) : profile))
            }
        }
        return out
    }

    private static func apply(_ v: ConfigValue, to o: inout RunOptions) throws {
        switch (v.section, v.key) {
        case ("input", "invoices"): o.invoices = try v.strings().map(v.resolve)
        case ("input", "profile"):
            let list = try v.strings().map { $0.hasSuffix(".toml") ? v.resolve($0) : $0 }
            guard !list.isEmpty, list.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw v.error("profile must name a profile, or a list of profiles to detect each file's among")
            }
            if list.count == 1 { o.profile = list[0] } else { o.profiles = list }
        case ("input", "max_rejects"): o.maxRejects = try v.fraction()
        case ("input", "decimal"): o.decimal = try RunOptions.checkDecimal(try v.string(), error: v.error)
        case ("input", "allow_empty"):
            guard let b = v.value.bool else { throw v.error("allow_empty must be true or false") }
            o.allowEmpty = b
        case ("reference", "rules"): o.rules = v.resolve(try v.string())
        case ("reference", "contracts"): o.contracts = v.resolve(try v.string())
        case ("reference", "organisation"): o.organisation = v.resolve(try v.string())
        case ("reference", "currency_rates"): o.currencyRates = v.resolve(try v.string())
        case ("reference", "published"): o.published = v.resolve(try v.string())
        case ("analysis", "category"):
            o.settings.category = PersonalData.masked(try v.string())
            o.categoryOrigin = "\(PersonalData.masked(v.doc.path)):\(v.doc.line(of: v.key, in: v.section))"
        case ("analysis", "years"): o.settings.years = try RunOptions.checkYears(try v.integers(), error: v.error)
        case ("analysis", "year_by"):
            guard let y = YearBy(rawValue: try v.string()) else {
                throw v.error("year_by must be \"booking\" or \"invoice\"")
            }
            o.settings.yearBy = y
        case ("analysis", "direct_award_threshold"):
            if let n = v.value.int {
                o.settings.directAwardThresholdAllYears = try v.kronor(n)
            } else {
                for (year, n) in try v.intTable() {
                    guard let y = Int(year), (1900...2199).contains(y) else {
                        throw v.error("direct_award_threshold: '\(year)' is not a year between 1900 and 2199")
                    }
                    o.settings.directAwardThreshold[y] = try v.kronor(n)
                }
            }
        case ("analysis", "invoice_handling_cost"):
            guard let n = v.value.int else { throw v.error("invoice_handling_cost must be a whole number of kronor") }
            o.settings.invoiceHandlingCost = try v.kronor(n, limit: RunOptions.maxHandlingCostKronor)
        case ("analysis", "lead_time_months"):
            var months: [String: Int] = [:]
            for (name, n) in try v.intTable() {
                guard n >= 0, n <= 120 else { throw v.error("lead_time_months: \(n) months is not between 0 and 120") }
                if name == "default" { o.settings.defaultLeadTime = n } else { months[PersonalData.masked(name)] = n }
            }
            o.settings.leadTimeMonths = months
        case ("output", "dir"): o.outDir = v.resolve(try v.string())
        case ("output", "formats"): o.formats = try RunOptions.checkFormats(try v.strings(), error: v.error)
        default: throw v.error("unknown key '\(v.key)'")
        }
    }
}

/// One key's value with what it takes to check it and name its line.
private struct ConfigValue {
    let doc: TOMLDocument
    let section: String
    let key: String
    let value: TOMLValueConvertible
    let base: URL

    func error(_ message: String) -> ConfigError {
        ConfigError.invalid(path: doc.path, line: doc.line(of: key, in: section), message: message)
    }
    func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base.appendingPathComponent(p).path }
    func string() throws -> String {
        guard let s = value.string else { throw error("\(key) must be a non-empty string") }
        return try RunOptions.checkNonEmpty(s, key: key, error: error)
    }
    func strings() throws -> [String] {
        if let s = value.string { return [s] }
        guard let a = value.array else { throw error("\(key) must be a string or a list of strings") }
        return try a.map {
            guard let s = $0.string else { throw error("\(key) must be a list of strings") }; return s
        }
    }
    func integers() throws -> [Int] {
        guard let a = value.array else { throw error("\(key) must be a list of whole numbers") }
        return try a.map {
            guard let n = $0.int else { throw error("\(key) must be a list of whole numbers") }; return n
        }
    }
    func intTable() throws -> [(String, Int)] {
        guard let t = value.table else { throw error("\(key) must be a table") }
        return try t.keys.sorted().map { k in
            guard let n = t[k]?.int else { throw error("\(key).\(k) must be a whole number") }
            return (k, n)
        }
    }
    func fraction() throws -> Double {
        guard let f = value.double ?? value.int.map(Double.init) else {
            throw error("\(key) must be a fraction between 0 and 1")
        }
        return try RunOptions.checkFraction(f, key: key, error: error)
    }
    func kronor(_ n: Int, limit: Int64 = RunOptions.maxThresholdKronor) throws -> Int64 {
        try RunOptions.checkKronor(Int64(n), key: key, limit: limit, error: error)
    }
}
