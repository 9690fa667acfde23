import Foundation
import Logging

/// `spend merge`: the reports of a run from the parts of its shards, byte-identical to one `spend analyze` over
/// the same files in the same order.
///
/// Every header is read and compared first: the parts must come from one spend version, with the same reference
/// tables (by SHA-256) and settings, and together hold each of the run's files exactly once; otherwise nothing is
/// written (exit 65, naming the mismatch or the files no part holds). Then the bodies are read in the run's order
/// (whatever order the parts are named in), so the lists of rejected, excluded and duplicate rows come out in file
/// order; the figures merge in any order. The run's checks (rejects over `max_rejects`, no row accepted) apply to
/// the merged books, as in a run.
public enum PartMerge {
    public struct Options: Sendable {
        public var outDir = "Reports"
        /// nil: the formats the parts were made with.
        public var formats: Set<String>?
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        public var logger = Logger.silent
        /// The config file the parts were made with, if any: the outputs show input paths relative to it.
        public var configPath: String?
        public init() {}
    }

    public static func run(_ parts: [String], _ m: Options) throws -> RunResult {
        let start = Date()
        guard !parts.isEmpty else { throw RunError.usage("no parts given") }
        if m.formats?.contains(FormatSelector.sqlite.rawValue) == true {
            throw RunError.usage(
                "--format sqlite: spend merge cannot write the database, which holds every line; run spend analyze for it"
            )
        }
        let headers = try check(parts)
        let first = headers[0].header
        var o = RunOptions()
        o.settings = first.analysisSettings
        o.maxRejects = first.settings.maxRejects
        o.allowEmpty = first.settings.allowEmpty
        o.outDir = m.outDir
        o.configPath = m.configPath
        o.formats = m.formats ?? Set(first.formats).subtracting([FormatSelector.sqlite.rawValue])
        if m.formats == nil && first.formats.contains(FormatSelector.sqlite.rawValue) {
            m.logger.warning(
                "the parts ask for sqlite too, which holds every line: spend merge leaves it out (spend analyze writes it)"
            )
        }
        if o.formats.isEmpty { o.formats = RunOptions().formats }
        o.threads = m.threads
        o.logger = m.logger

        let names = TallyNames()
        var analyzer: Analyzer?
        var books = RowBooks()
        var warnings: [String] = [], files: [String] = [], runFiles: [String] = []
        var notes = InputNotes()
        let tables = NSTemporaryDirectory() + "spend-merge-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tables) }
        var keys: [[UInt64]] = [], given: [[(key: UInt64, file: Int)]] = []
        for (path, header) in headers {
            let body = try PartFile.Reader(path: path).body(names: names)
            keys.append(body.keys)
            given.append(body.earlier)
            if analyzer == nil {
                analyzer = try makeAnalyzer(body, settings: o.settings, names: names, tables: tables, options: &o)
            }
            for (y, f) in body.years { analyzer!.merge(year: y, f) }
            books.append(body.books)
            notes.add(body.notes)
            for (f, info) in zip(header.shard.files, body.fileInfo) {
                files.append("\(f): \(info.encoding), profile \(info.profile)")
            }
            runFiles += header.shard.files
            for n in body.unmappedBoards { analyzer!.organisation?.unmappedNames.insert(n) }
        }
        if let k = overlap(keys) {
            throw PartError.overlap(
                path: headers[k.later].path, earlier: k.earlier.map { headers[$0].path }, keys: k.keys,
                files: headers[k.later].header.shard.files)
        }
        let ranges = headers.map { $0.header.shard.firstFile..<$0.header.shard.firstFile + $0.header.shard.files.count }
        if let s = strayEarlier(given, keys: keys, files: ranges) {
            let f = s.example.file
            let name = ranges.firstIndex { $0.contains(f) }.map { headers[$0].header.shard.files[f - ranges[$0].lowerBound] }
            throw PartError.strayEarlier(path: headers[s.part].path, keys: s.keys, file: name ?? "file \(f + 1) of the run")
        }
        keys = []
        given = []
        let c = books.counts
        if c.read > 0 && o.tooManyRejects(rejected: c.rejected, read: c.read) {
            throw IngestError.tooManyRejects(
                rejected: c.rejected, read: c.read, limit: o.maxRejects,
                why: FailedRun.summary(books.rejects), kept: FailedRun.keep(books.rejects, in: o.outDir, configPath: o.configPath, files: runFiles))
        }
        if c.accepted == 0 && !o.allowEmpty {
            throw IngestError.noneAccepted(
                read: c.read, rejected: c.rejected, excluded: c.excluded, why: FailedRun.summary(books.rejects),
                kept: c.rejected > 0 ? FailedRun.keep(books.rejects, in: o.outDir, configPath: o.configPath, files: runFiles) : nil)
        }
        let publisher = try ReportPublisher(outDir: o.outDir, log: o.logger)
        // The run's currency is the one its parts' files were read in (the same in all, checked above).
        let currency = headers.lazy.compactMap { $0.header.currency.flatMap { Currency(code: $0) } }.first ?? .sek
        let (reports, written) = try Pipeline.writeReports(
            o, analyzer: analyzer!, books: books, publisher: publisher,
            currency: currency, files: runFiles)
        try publisher.publish()
        FailedRun.clear(in: o.outDir)
        let result = RunResult(
            counts: c, reports: reports, rejects: books.rejects, written: written,
            unchanged: publisher.unchanged, seconds: Date().timeIntervalSince(start),
            peakMegabytes: ProcessMemory.peakMegabytes)
        warnings = notes.warnings + warnings
        warnings += LayoutRow.warnings(books.excluded)
        result.log(to: o.logger, analyzer: analyzer!, warnings: warnings, files: files)
        return result
    }

    /// The headers of `parts` in the run's order, checked against each other and for covering the run's files
    /// exactly once.
    static func check(_ parts: [String]) throws -> [(path: String, header: PartHeader)] {
        let headers = try parts.map { (path: $0, header: try PartFile.Reader(path: $0).header) }
            .sorted { ($0.header.shard.firstFile, $0.path) < ($1.header.shard.firstFile, $1.path) }
        let (firstPath, first) = headers[0]
        for (path, h) in headers.dropFirst() {
            if let why = first.mismatch(h, path: firstPath, otherPath: path) { throw PartError.mismatch(why) }
        }
        let total = first.shard.runFiles
        var next = 0, previous: String?
        for (path, h) in headers {
            let s = h.shard
            if s.firstFile > next {
                throw PartError.coverage(
                    "no part holds \(s.firstFile == next + 1 ? "file \(s.firstFile)" : "files \(next + 1)–\(s.firstFile)") of the run's \(total)\(previous.map { " (between \($0) and \(path))" } ?? " (before \(path))")"
                )
            }
            if s.firstFile < next {
                throw PartError.coverage(
                    "\(path) and \(previous!) both hold file \(s.firstFile + 1) of the run (\(s.files[0]))")
            }
            next = s.firstFile + s.files.count
            previous = path
        }
        if next < total {
            throw PartError.coverage(
                "no part holds \(next + 1 == total ? "file \(total)" : "files \(next + 1)–\(total)") of the run's \(total) (after \(previous!))")
        }
        return headers
    }

    /// The analyzer of the merged run: the settings and the reference tables the first part carries (written to
    /// `tables` under their own names, so what the reports say of them is what a run says).
    private static func makeAnalyzer(
        _ body: PartFile.Body, settings: AnalysisSettings, names: TallyNames, tables: String,
        options o: inout RunOptions
    ) throws -> Analyzer {
        try FileManager.default.createDirectory(atPath: tables, withIntermediateDirectories: true)
        func file(_ role: String) throws -> String? {
            guard let (name, bytes) = body.embedded[role] else { return nil }
            let dir = tables + "/" + role
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = dir + "/" + name
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                throw RunError.cannotWrite(path: path, reason: "cannot write a reference table out of the part")
            }
            return path
        }
        // masked once, when the part was made
        let contracts = try file("contracts").map { try ContractRegister.load($0, asWritten: true) } ?? .empty
        let organisation = try file("organisation").map { try OrganisationMap.load($0, asWritten: true) }
        o.publishedAsWritten = true
        o.published = try file("published")
        return Analyzer(
            settings: settings, classifier: nil, contracts: contracts, organisation: organisation, names: names)
    }
}
