import Foundation

/// The first line of a part: one JSON object naming the schema, spend's version, the SHA-256 of every reference
/// table, the analysis settings and which of the run's files the part holds. `spend merge` compares the headers of
/// all parts before it reads a body, and refuses (exit 65) parts whose tables, settings or versions differ.
struct PartHeader: Codable, Equatable {
    static let currentSchema = "spend-part/6"

    /// One reference file: its name as given and the SHA-256 of its bytes.
    struct Stamp: Codable, Equatable {
        var file: String
        var sha256: String
    }

    /// Every setting that changes a figure or a check of the whole run.
    struct Settings: Codable, Equatable {
        var category: String?
        var years: [Int]
        var yearBy: String
        var directAwardThreshold: [String: Int64]
        var directAwardThresholdAllYears: Int64?
        var invoiceHandlingCost: Int64
        var leadTimeMonths: [String: Int]
        var defaultLeadTime: Int
        var maxRejects: Double
        var allowEmpty: Bool
        /// `auto`, a built-in profile's name, or `file` (then `tables.profile` says which).
        var profile: String
        /// The decimal sign given for every profile (`--decimal`), if one was.
        var decimal: String? = nil
    }

    /// Which files of the run the part holds: `files` are numbers `firstFile ..< firstFile + files.count` of `runFiles`.
    struct Shard: Codable, Equatable {
        var firstFile: Int
        var runFiles: Int
        var files: [String]
    }

    var schema = PartHeader.currentSchema
    var spend = SpendKitVersion.string
    /// By role: `rules`, `contracts`, `organisation`, `currency_rates`, `published`, `profile`.
    var tables: [String: Stamp]
    var settings: Settings
    /// The formats the part's options asked for: `spend merge` writes them unless told otherwise.
    var formats: [String]
    var shard: Shard
    /// Which `SPEND_PERSON_KEY` keyed its sole traders (`PersonKey.fingerprint`; nil: none): parts keyed apart would
    /// count one person as two and miss duplicates across shards.
    var personKey: String?
    /// The currency its files were read in (nil: none read), which the reports name.
    var currency: String?

    static let roles: [(key: String, what: String)] = [
        ("rules", "rule table"), ("contracts", "contract register"), ("organisation", "organisation map"),
        ("currency_rates", "exchange rates"), ("published", "published figures"), ("profile", "export profile"),
    ]

    /// The header of a part made with `o`: reads every reference table once more for its checksum.
    static func make(_ o: RunOptions, shard: Shard) throws -> PartHeader {
        var tables: [String: Stamp] = [:]
        let profileIsFile = o.profile.map { $0.hasSuffix(".toml") } ?? false
        let paths: [String: String?] = [
            "rules": o.rules, "contracts": o.contracts, "organisation": o.organisation,
            "currency_rates": o.currencyRates, "published": o.published,
        ]
        tables["profile"] = try profileStamp(o)
        for (role, path) in paths {
            guard let path else { continue }
            tables[role] = Stamp(
                file: PersonalData.masked((path as NSString).lastPathComponent), sha256: SHA256.hex(try readAll(path)))
        }
        let s = o.settings
        var settings = Settings(
            category: s.category, years: s.years.sorted(), yearBy: s.yearBy.rawValue,
            directAwardThreshold: Dictionary(
                uniqueKeysWithValues: s.directAwardThreshold.map { (String($0.key), $0.value) }),
            directAwardThresholdAllYears: s.directAwardThresholdAllYears, invoiceHandlingCost: s.invoiceHandlingCost,
            leadTimeMonths: s.leadTimeMonths, defaultLeadTime: s.defaultLeadTime, maxRejects: o.maxRejects,
            allowEmpty: o.allowEmpty,
            profile: profileIsFile ? "file" : (o.profile ?? "auto").lowercased())
        settings.decimal = o.decimal.map { String(UnicodeScalar($0)) }
        return PartHeader(
            tables: tables, settings: settings, formats: o.formats.sorted(), shard: shard,
            personKey: PersonKey.fingerprint)
    }

    /// Every export profile the run may read with — `--profile` (one, or files separated by commas), the config's
    /// candidates and its per-file profiles — by name, or by file name and SHA-256; nil for `auto` alone.
    static func profileStamp(_ o: RunOptions) throws -> Stamp? {
        let refs =
            (o.profile.map { $0.split(separator: ",").map(String.init) } ?? []) + o.profiles
            + o.fileProfiles.map { "\($0.pattern)=\($0.profile)" }
        guard !refs.isEmpty else { return nil }
        var names: [String] = [], lines: [String] = []
        for ref in refs {
            let path = ref.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ref
            let name = PersonalData.masked((path as NSString).lastPathComponent)
            names.append(name)
            let label = ref == path ? name : "\(ref.prefix(while: { $0 != "=" }))=\(name)"
            lines.append(path.hasSuffix(".toml") ? "\(label) \(SHA256.hex(try readAll(path)))" : ref.lowercased())
        }
        return Stamp(file: names.joined(separator: ","), sha256: SHA256.hex(Array(lines.joined(separator: "\n").utf8)))
    }

    /// The analysis settings the header names.
    var analysisSettings: AnalysisSettings {
        var a = AnalysisSettings()
        a.category = settings.category
        a.years = settings.years
        a.yearBy = YearBy(rawValue: settings.yearBy) ?? .booking
        for (y, v) in settings.directAwardThreshold { if let y = Int(y) { a.directAwardThreshold[y] = v } }
        a.directAwardThresholdAllYears = settings.directAwardThresholdAllYears
        a.invoiceHandlingCost = settings.invoiceHandlingCost
        a.leadTimeMonths = settings.leadTimeMonths
        a.defaultLeadTime = settings.defaultLeadTime
        return a
    }

    /// The header as one line of JSON, keys sorted, so equal parts have equal bytes.
    func encoded() throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        return Array(try e.encode(self)) + [0x0A]
    }

    static func decode(_ line: [UInt8], path: String) throws -> PartHeader {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        guard line.first == UInt8(ascii: "{"),
            let schema = (try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])?["schema"] as? String
        else {
            throw PartError.unreadable(path: path, reason: "not a spend part (no \(currentSchema) header)")
        }
        guard schema == currentSchema else {
            throw PartError.unreadable(
                path: path,
                reason: "part schema \(schema) is not \(currentSchema), the one spend \(SpendKitVersion.string) reads")
        }
        do { return try d.decode(PartHeader.self, from: Data(line)) } catch {
            throw PartError.unreadable(path: path, reason: "damaged part header: \(error)")
        }
    }

    /// Why a part made by `other` (read from `otherPath`) cannot be merged with this one (read from `path`), if it cannot.
    func mismatch(_ other: PartHeader, path: String, otherPath: String) -> String? {
        let a = "\(path)", b = "\(otherPath)"
        if spend != other.spend {
            return "parts were made by different spend versions: \(a) by \(spend), \(b) by \(other.spend)"
        }
        for (role, what) in PartHeader.roles where tables[role] != other.tables[role] {
            func show(_ s: Stamp?) -> String { s.map { "\($0.file) (sha256 \($0.sha256.prefix(12))…)" } ?? "none" }
            return
                "parts were made with different \(what)s: \(a) with \(show(tables[role])), \(b) with \(show(other.tables[role]))"
        }
        if currency != nil && other.currency != nil && currency != other.currency {
            return "parts were read in different currencies: \(a) in \(currency!), \(b) in \(other.currency!)"
        }
        if personKey != other.personKey {
            func show(_ k: String?) -> String { k.map { "the secret \($0)…" } ?? "none" }
            return
                "parts were made with different SPEND_PERSON_KEY secrets: \(a) with \(show(personKey)), \(b) with \(show(other.personKey)); a sole trader would be two suppliers"
        }
        let mine = Mirror(reflecting: settings).children, theirs = Mirror(reflecting: other.settings).children
        for (x, y) in zip(mine, theirs) where x.label == y.label && describe(x.value) != describe(y.value) {
            return
                "parts were made with different settings: \(x.label ?? "?") is \(describe(x.value)) in \(a) and \(describe(y.value)) in \(b)"
        }
        if shard.runFiles != other.shard.runFiles {
            return
                "parts are of different runs: \(a) is of a run of \(shard.runFiles) files, \(b) of \(other.shard.runFiles)"
        }
        return nil
    }

    private func describe(_ v: Any) -> String {
        switch v {
        case let d as [String: Int64]:
            return "{" + d.keys.sorted().map { "\($0) = \(d[$0]!)" }.joined(separator: ", ") + "}"
        case let d as [String: Int]:
            return "{" + d.keys.sorted().map { "\($0) = \(d[$0]!)" }.joined(separator: ", ") + "}"
        case let o as Int64?: return o.map { String($0) } ?? "unset"
        case let o as String?: return o.map { "'\($0)'" } ?? "unset"
        case let s as String: return "'\(s)'"
        default: return "\(v)"
        }
    }

    /// A reference file's bytes; a missing one is a missing input (exit 66).
    static func readAll(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if !FileManager.default.fileExists(atPath: path) { throw IngestError.missingFile(path: path) }
            throw IngestError.unreadable(path: path, reason: "cannot read")
        }
        return Array(data)
    }
}
