import Foundation

/// A row that did not count, with where it stands and why.
public struct RowIssue: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var reason: String
    public var position: String { "\(file):\(line): \(reason)" }
}

/// How the rows of a run were accounted for; `read == accepted + rejected + excluded + duplicates` always.
/// `skipped` counts the lines above the files' headers (a report title, a preamble), which are no rows.
public struct RowCounts: Sendable, Equatable, CustomStringConvertible {
    public var read = 0, accepted = 0, rejected = 0, excluded = 0, duplicates = 0, skipped = 0
    public var reconciles: Bool { read == accepted + rejected + excluded + duplicates }
    public var description: String {
        "RowCounts(read: \(read), accepted: \(accepted), rejected: \(rejected), excluded: \(excluded), duplicates: \(duplicates)"
            + (skipped > 0 ? ", skipped: \(skipped))" : ")")
    }
}

/// Reads every export of a run, drops duplicates across overlapping dumps, and keeps the books on every row.
public final class Ingestor {
    public internal(set) var books = RowBooks()
    public var counts: RowCounts { books.counts }
    public var rejects: RowIssues { books.rejects }
    public var excludedListed: RowIssues { books.excluded }
    public internal(set) var files: [String] = []
    public internal(set) var fileInfo: [String: (encoding: String, profile: String)] = [:]
    /// The line each file's header stands on (the lines above it were skipped).
    public internal(set) var headerLines: [String: Int] = [:]
    public var chunkSize = 1 << 20
    public var parserKind = CSVParserKind.fast
    /// Subjects a fast-path kernel keeps before it flushes its sums, nil: the kernel's own (small in tests, to
    /// exercise the flush).
    var subjectLimit: Int?
    /// Distinct values a kernel's column cache keeps before it flushes and forgets them, nil: the cache's own.
    var valueLimit: Int?
    /// Flushes of the fast path's kernels, summed (for the tests).
    var kernelFlushes = 0
    /// The fast path's kernels, one per range read, summed (for the tests: ranges split while read make more).
    var kernelCount = 0
    /// Files the parallel reader gave back to the sequential one (not UTF-8 throughout, or ranges that did not
    /// join up), for the tests.
    var parallelDropped = 0
    /// Parallel readers that ran over their range's cut and read on to a later range's start or the end (a quoted
    /// line feed at the cut, or a cut placed in bytes already read), for the tests.
    var rangeOverruns = 0
    /// First parts a kernel looks up before it decides whether looking them up pays, nil: the kernel's own (small
    /// in tests).
    var bypassProbe: Int?
    /// Table size from which a kernel batches its records to prefetch their lookups, nil: the kernel's own (0 in
    /// tests: every record batched).
    var prefetchFrom: Int?
    /// How the parallel reader reads and splits ranges, nil: its own (tiny in tests, so workers split each other's
    /// ranges many times, also beside fixed cuts).
    var split: (block: Int, minimum: Int)?
    /// The parallel reader's pause between claiming a block and scanning it (tests).
    var splitPause: (@Sendable () -> Void)?
    public var rates: CurrencyRates?
    /// Called every 16 384 rows with the rows read so far and the file being read.
    public var onProgress: ((Int, String) -> Void)?
    /// Duplicate keys of the lines of every earlier file (read with several files only).
    let seen = DuplicateCheck()
    /// Warnings about the input that are not errors (`InputNotes`: unread columns, lines the duplicate check cannot
    /// tell apart, files without invoice number, bytes after gzip data).
    public var warnings: [String] { allNotes.warnings }
    /// The run's input notes, the duplicate check's included.
    var allNotes: InputNotes {
        var n = notes
        n.repeating = seen.repeating
        return n
    }
    /// The input notes of the files read so far, but the duplicate check's.
    private(set) var notes = InputNotes()
    /// The profiles files are read with, when `ingest` is given none to force.
    public var profiles = ProfileChoice()
    /// The currency of the files read so far (of their profiles); every file of a run must be in one.
    public internal(set) var currency: Currency?

    /// The profile forced on a file and the candidates for its header: `profile` when given, else `profiles`'.
    func choice(_ path: String, _ profile: Profile?) -> (forced: Profile?, candidates: [Profile]) {
        profile.map { ($0, []) } ?? profiles.profiles(for: path)
    }

    /// Whether the run drops lines repeated across dumps.
    func checksDuplicates(_ paths: [String], _ profile: Profile?) -> Bool {
        paths.count > 1 && (profile?.duplicateCheck ?? profiles.duplicateCheck)
    }

    /// Books what a file's header told: the lines above it, and its profile's currency (one per run).
    func noteFile(
        _ path: String, profile: String, currency c: Currency?, skipped: Int, unread: [String] = [], unnumbered: Bool = false,
        trailing: Int = 0
    ) throws {
        if let s = books.stop { throw IngestError.malformed(path: s.file, line: s.line, message: s.reason) }
        notes.note(file: path, profile: profile, unread: unread, unnumbered: unnumbered, trailing: trailing)
        books.counts.skipped += skipped
        headerLines[path] = skipped + 1
        guard let c else { return }
        if let currency, currency != c {
            throw IngestError.badProfile(
                path: profile, line: 1,
                message:
                    "\(path) is read in \(c.code), the files before it in \(currency.code); a run reports in one currency"
            )
        }
        currency = c
    }

    public init() {}

    /// Reads `paths` in order, handing each accepted line to `sink`.
    public func ingest(paths: [String], profile: Profile?, sink: (InvoiceLine) -> Void) throws {
        let checkDuplicates = checksDuplicates(paths, profile)
        try HeaderProbe.check(paths, profiles: { self.choice($0, profile) }, chunkSize: chunkSize)
        try withoutActuallyEscaping(sink) { sink in
            for path in paths {
                let index = Int32(files.count)
                files.append(path)
                let reader = InvoiceReader(chunkSize: chunkSize, rates: rates, parserKind: parserKind)
                var newKeys: [(key: UInt64, line: Int)] = []
                let (forced, candidates) = choice(path, profile)
                let info = try reader.read(path: path, file: index, profile: forced, candidates: candidates) {
                    [self] line, outcome in
                    let l = books.book(outcome, path: path, line: line) { l in
                        guard checkDuplicates else { return nil }
                        let key = DuplicateCheck.key(l)
                        if let v = seen.original(key) { return seen.reason(v) }
                        newKeys.append((key, line))
                        return nil
                    }
                    if books.counts.read & 0x3FFF == 0 { onProgress?(books.counts.read, path) }
                    if let l { sink(l) }
                }
                fileInfo[path] = (info.encoding, info.profile)
                try noteFile(
                    path, profile: info.profile, currency: info.chosen?.currency, skipped: info.headerLine - 1,
                    unread: info.unread, unnumbered: info.unnumbered, trailing: info.trailingBytes)
                if checkDuplicates { seen.add(file: path, keys: newKeys) }
            }
        }
    }

    /// Expands globs (`dumps/*.csv`) relative to `base`, each sorted, so the order of a run never depends on the
    /// directory. A glob that matches nothing adds nothing (`*.csv.gz` beside `*.csv`), but when nothing at all
    /// matched, the first pattern stays, so reading it reports the missing file; a plain path always stays.
    public static func expand(_ patterns: [String], relativeTo base: String? = nil) -> [String] {
        var out: [String] = []
        for p in patterns {
            let full = (base != nil && !p.hasPrefix("/")) ? base! + "/" + p : p
            guard full.contains(where: { "*?[".contains($0) }) else { out.append(full); continue }
            var g = glob_t()
            defer { globfree(&g) }
            if glob(full, 0, nil, &g) == 0 {
                var found: [String] = []
                for i in 0..<Int(g.gl_pathc) { if let c = g.gl_pathv[i] { found.append(String(cString: c)) } }
                out.append(contentsOf: found.sorted())
            }
        }
        if out.isEmpty, let first = patterns.first {
            out = [(base != nil && !first.hasPrefix("/")) ? base! + "/" + first : first]
        }
        return out
    }
}

extension SupplierID {
    /// The fallback identity of a supplier without id: upper case, blanks collapsed, trailing punctuation and a
    /// final `AB` / `Aktiebolag` dropped.
    public static func nameKey(_ name: String) -> String {
        if let k = latinNameKey(name) { return k }
        return stringNameKey(name)
    }

    /// `nameKey` the `String` way: for any text, and the oracle of `latinNameKey`.
    static func stringNameKey(_ name: String) -> String {
        var words = collapseBlanks(name.uppercased()).split(separator: " ").map(String.init)
        func trimPunct() {
            while var w = words.last {
                while let c = w.last, !c.isLetter && !c.isNumber { w.removeLast() }
                if w.isEmpty { words.removeLast() } else { words[words.count - 1] = w; break }
            }
        }
        trimPunct()
        if words.count > 1, let last = words.last, last == "AB" || last == "AKTIEBOLAG" {
            words.removeLast(); trimPunct()
        }
        return words.joined(separator: " ")
    }
}
