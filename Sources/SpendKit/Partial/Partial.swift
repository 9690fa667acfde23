import Foundation

/// `spend partial`: reads, classifies and aggregates one shard of a run (a range of the run's files, in order) and
/// writes its mergeable state as a part (`PartFile`) for `spend merge`.
///
/// The duplicate check (SPEC §4) spans shards: a line is dropped when its key stands in an earlier file of the
/// run. Within the shard the check runs as in one run; keys of earlier shards come in with `earlier` (each with its
/// first `file:line`, the line it repeats), and the shard's own keys go out with `emitKeys` for the engine to
/// match. The check is on when the run has more than one file and the profile does not turn it off, as in a run.
public enum Partial {
    /// Where the shard stands in its run, and the duplicate keys it trades with the engine.
    public struct Shard: Sendable {
        /// The run's number of the shard's first file (0 for the first of the run).
        public var firstFile = 0
        /// Files in the whole run; nil: the shard is the run's last.
        public var runFiles: Int?
        /// A `spend-keys/1` file of keys first seen in earlier shards.
        public var earlier: String?
        /// Where to write the shard's keys (`spend-keys/1`).
        public var emitKeys: String?
        /// Whether the part may name a sole trader by a plain hash (`PersonKey`): only a part that never leaves the
        /// process's own temporary files, as the tests' are.
        var plainPersonKeys = false
        public init() {}
    }

    /// Analyses the shard and writes the part to `o.outDir` (the part's path); returns the shard's row counts.
    @discardableResult
    public static func run(_ o: RunOptions, shard: Shard) throws -> RowCounts {
        let start = Date()
        guard !o.invoices.isEmpty else {
            throw RunError.usage("no invoice files given (--invoices or [input] invoices)")
        }
        let runFiles = shard.runFiles ?? shard.firstFile + o.invoices.count
        guard shard.firstFile >= 0, runFiles >= shard.firstFile + o.invoices.count else {
            throw RunError.usage(
                "--first-file \(shard.firstFile) and \(o.invoices.count) files do not fit in a run of --run-files \(runFiles)"
            )
        }
        let (ingestor, profile) = try Pipeline.ingestor(o)
        let analyzer = try Pipeline.analyzer(o)
        try Pipeline.checkCategory(o, analyzer)  // as analyze does: a misspelt category is no part of 0 kr
        var header = try PartHeader.make(
            o, shard: .init(firstFile: shard.firstFile, runFiles: runFiles, files: o.invoices.map(PersonalData.masked)))
        // as a run decides it (`Ingestor.checksDuplicates`), but over the run's files, not the shard's
        let checked = runFiles > 1 && (profile?.duplicateCheck ?? ingestor.profiles.duplicateCheck)
        // The keys go out keyed with the run's secret (`KeyCipher`): in the part when another part may hold repeats
        // of its lines, and in the keys file asked for; the tests' parts stay in their own temporary files.
        let writesKeys = checked && (shard.firstFile > 0 || runFiles > o.invoices.count || shard.emitKeys != nil)
        let cipher = KeyCipher.run
        if writesKeys && cipher == nil && !shard.plainPersonKeys {
            throw RunError.usage(
                "a part of a sharded run carries its lines' duplicate keys, hashes of their supplier, invoice number, "
                    + "voucher, account and cost centre, any of which may hold a personnummer that anyone could try out of "
                    + "a plain hash. Set SPEND_PERSON_KEY to a secret, the same for every shard of the run (e.g. the "
                    + "output of `head -c 32 /dev/urandom | base64`)"
            )
        }
        let encrypt: (UInt64) -> UInt64 = { cipher?.encrypt($0) ?? $0 }
        let given = try shard.earlier.map { try DuplicateKeys.read($0) }
        if let given, let late = given.records.first(where: { $0.file >= shard.firstFile }) {
            throw PartError.unreadable(
                path: shard.earlier!,
                reason:
                    "key of file \(late.file) of the run, which is not before this shard's first (\(shard.firstFile))")
        }
        // the hashes the check compares, from the keyed ones the engine passed on
        let earlier = given.map { g in
            var plain = g
            if let cipher { plain.records = g.records.map { .init(key: cipher.decrypt($0.key), place: $0.place) } }
            return plain
        }
        let progress = Progress(enabled: o.progress)
        ingestor.onProgress = { progress.update(rows: $0, file: PersonalData.masked($1)) }

        var books: RowBooks
        var seen: DuplicateCheck?
        var before = 0
        if !checked {
            if o.parser == .fast {
                try ingestor.ingest(paths: o.invoices, profile: profile, into: analyzer, threads: max(1, o.threads))
            } else {
                try ingestor.ingest(paths: o.invoices, profile: profile) { analyzer.add($0) }
            }
            books = ingestor.books
        } else if o.parser == .fast && o.invoices.count > 1 {
            // The fast path checks with the ingestor's own keys, which start as the earlier shards'.
            before = prime(ingestor.seen, with: earlier)
            try ingestor.ingest(paths: o.invoices, profile: profile, into: analyzer, threads: max(1, o.threads))
            books = ingestor.books
            seen = ingestor.seen
        } else {
            let check = DuplicateCheck()
            before = prime(check, with: earlier)
            books = try referenceIngest(
                o.invoices, profile: profile, ingestor: ingestor, analyzer: analyzer, check: check)
            seen = check
        }
        Progress.clearLine()

        var extras = PartFile.Extras()
        extras.fileInfo = o.invoices.map { ingestor.fileInfo[$0] ?? ("", "") }
        // The ingestor's own (unread fields, files without invoice number), and those of the duplicate check it used.
        extras.notes = ingestor.allNotes
        if let seen, seen !== ingestor.seen { extras.notes.repeating = seen.repeating }
        extras.unmappedBoards = analyzer.organisation?.unmappedNames.sorted ?? []
        extras.embedded = [("contracts", o.contracts), ("organisation", o.organisation), ("published", o.published)]
            .compactMap { role, path in path.map { (role, $0) } }
        header.currency = ingestor.currency?.code
        if shard.firstFile > 0 || runFiles > o.invoices.count {  // another part may hold repeats of its lines
            extras.keys = ownKeys(seen, before: before).map { encrypt($0.key) }.sorted()
        }
        if checked, let given { extras.earlier = given.records.map { ($0.key, $0.file) }.sorted { $0 < $1 } }
        if !shard.plainPersonKeys && PersonKey.plainHash(in: analyzer.names.suppliers) {
            throw RunError.usage(
                "the files name a sole trader, and a part names suppliers by key: a sole trader's holds a hash of the "
                    + "personnummer that anyone could reverse without a secret. Set SPEND_PERSON_KEY to one, the same for "
                    + "every shard of the run (e.g. the output of `head -c 32 /dev/urandom | base64`)"
            )
        }
        try PartFile.write(to: o.outDir, header: header, analyzer: analyzer, books: books, extras: extras)

        if let path = shard.emitKeys {
            var keys = DuplicateKeys()
            for (i, f) in o.invoices.enumerated() { keys.files[shard.firstFile + i] = PersonalData.masked(f) }
            keys.records = ownKeys(seen, before: before).map {
                .init(key: encrypt($0.key), file: shard.firstFile + $0.file, line: $0.line)
            }
            try keys.write(to: path)
        }
        let c = books.counts
        o.logger.info(
            "\(c.read) rows read = \(c.accepted) accepted + \(c.rejected) rejected + \(c.excluded) excluded + \(c.duplicates) duplicates; part \(o.outDir) (\(o.invoices.count == 1 ? "file \(shard.firstFile + 1)" : "files \(shard.firstFile + 1)–\(shard.firstFile + o.invoices.count)") of \(runFiles)); \(String(format: "%.1f", Date().timeIntervalSince(start))) s"
        )
        return c
    }

    /// The keys the shard's own lines brought (not the earlier shards' it was primed with), each with its first
    /// `file:line` by the shard's file number.
    private static func ownKeys(_ seen: DuplicateCheck?, before: Int) -> [(key: UInt64, file: Int, line: Int)] {
        var out: [(key: UInt64, file: Int, line: Int)] = []
        seen?.keys.forEach { key, place in
            let file = Int(place >> 40)
            guard file >= before else { return }
            out.append((key, file - before, Int(place & (1 << 40 - 1))))
        }
        return out
    }

    /// Puts the earlier shards' keys into `check` as lines of the files they first stand in; returns how many
    /// files that added (the shard's own files come after them).
    private static func prime(_ check: DuplicateCheck, with earlier: DuplicateKeys?) -> Int {
        guard let earlier, !earlier.records.isEmpty else { return 0 }
        var byFile: [Int: [(key: UInt64, line: Int)]] = [:]
        for r in earlier.records { byFile[r.file, default: []].append((r.key, r.line)) }
        for f in byFile.keys.sorted() { check.add(file: earlier.files[f]!, keys: byFile[f]!, noting: false) }
        return byFile.count
    }

    /// The reference path with the duplicate check done here, file by file (one file at a time, the ingestor
    /// checks nothing itself): the books as a run keeps them.
    private static func referenceIngest(
        _ paths: [String], profile: Profile?, ingestor: Ingestor, analyzer: Analyzer, check: DuplicateCheck
    ) throws -> RowBooks {
        var duplicates = RowIssues()
        for path in paths {
            var newKeys: [(key: UInt64, line: Int)] = []
            try ingestor.ingest(paths: [path], profile: profile) { l in
                let key = DuplicateCheck.key(l)
                if let v = check.original(key) {
                    duplicates.append(RowIssue(file: path, line: Int(l.source.line), reason: check.reason(v)))
                    return
                }
                newKeys.append((key, Int(l.source.line)))
                analyzer.add(l)
            }
            check.add(file: path, keys: newKeys)
        }
        var books = ingestor.books
        books.counts.accepted -= duplicates.count
        books.counts.duplicates += duplicates.count
        books.duplicates.append(contentsOf: duplicates)
        return books
    }
}
