/// Finds an export's header among its first lines (SPEC §3.2): the first record, within the first `maxLines` lines,
/// that holds every required column of the forced profile or of one of the candidates (at its `header_row` when the
/// profile names one). Records above it (a report title, a preamble) are skipped; when none fits, the error names the
/// line that came closest and the columns it still lacks.
struct HeaderSearch {
    static let maxLines = 50

    let path: String
    let forced: Profile?
    let candidates: [Profile]
    /// The closest record so far: its line, profile, columns found and missing.
    private var closest: (line: Int, profile: Profile, found: Int, missing: [String])?
    /// The first record with more than one field and its line, for the error when no profile finds anything.
    private var first: (names: [String], line: Int)?
    private(set) var records = 0

    init(path: String, forced: Profile?, candidates: [Profile]) {
        self.path = path
        self.forced = forced
        self.candidates = forced.map { [$0] } ?? candidates
    }

    /// The last line a header may stand on.
    var lastLine: Int { max(HeaderSearch.maxLines, candidates.compactMap(\.headerRow).max() ?? 0) }

    enum Step {
        case header(Profile, ColumnMap)
        /// Not the header: read on.
        case skip
        case fail(IngestError)
    }

    /// Looks at one record (its trimmed fields, the line it starts on).
    mutating func offer(_ names: [String], line: Int) -> Step {
        if names.contains(where: { $0.contains("\u{0}") }) {
            return .fail(
                .unknownEncoding(path: path, reason: "NUL bytes in the header (UTF-16 or UTF-32 without BOM, or not text)"))
        }
        records += 1
        if names.count > 1 && first == nil { first = (names, line) }
        var best: (Profile, ColumnMap)?
        // folded once for every profile: a preamble of 40 lines of 200 000 fields took a minute folded per profile
        var folded: [String]?
        for p in candidates {
            if let row = p.headerRow, row != line { continue }
            guard names.count > 1 || forced != nil || p.headerRow != nil else { continue }
            if folded == nil { folded = names.map(foldProfileHeader) }
            let (map, missing) = p.columns(for: names, folded: folded)
            if missing.isEmpty {
                if best == nil || map.count > best!.1.count { best = (p, map) }
            } else if closest == nil || (missing.count, -map.count) < (closest!.missing.count, -closest!.found) {
                closest = (line, p, map.count, missing)
            }
        }
        if let (p, map) = best {
            if let d = p.ambiguousColumn(map, header: names) {
                return .fail(
                    .malformed(
                        path: path, line: line,
                        message: "column '\(d.name)' stands twice in the header (columns \(d.first) and \(d.second)), and profile '\(p.name)' cannot tell which one it reads"))
            }
            if let r = p.rivalColumns(map, header: names) {
                return .fail(
                    .malformed(
                        path: path, line: line,
                        message: "columns '\(r.first.0)' (\(r.first.1)) and '\(r.second.0)' (\(r.second.1)) both name the \(r.field.rawValue) of profile '\(p.name)', which cannot tell which one it reads: name one in a profile of your own"))
            }
            return .header(p, map)
        }
        return line >= lastLine ? .fail(failure()) : .skip
    }

    /// The error when no record was the header: the closest one and what it lacks, else the first line's names.
    func failure() -> IngestError {
        if closest == nil, let f = forced, let row = f.headerRow {
            return .malformed(
                path: path, line: row,
                message: "header_row = \(row) of profile '\(f.name)', but no record starts on line \(row) (a blank line, or past the end)")
        }
        guard let c = closest, c.found > 0 || forced != nil else {
            guard let first else { return .noHeader(path: path) }
            return .noProfile(path: path, line: first.line, header: first.names)
        }
        return .missingColumns(
            path: path, line: c.line, fields: c.missing, profile: c.profile.name,
            searched: c.line == 1 || c.profile.headerRow != nil ? 0 : records)  // header_row set: no search to tell of
    }
}
