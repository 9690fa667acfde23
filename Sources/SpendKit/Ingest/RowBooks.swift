/// The books on rows: counts, and the rejected and listed excluded rows with their positions. The reference
/// ingestion and each fast-path kernel keep one; a kernel's are appended to the run's in file order.
public struct RowBooks: Sendable {
    public var counts = RowCounts()
    public var rejects = RowIssues()
    /// PENDING and PROCESSING rows, named in `excluded.csv`.
    public var excluded = RowIssues()
    /// Lines dropped as duplicates, each with the line it repeats.
    public var duplicates = RowIssues()
    /// The first row that stops its file (`RowNormaliser.Outcome.stop`): the reader then fails with it.
    public var stop: RowIssue?
    /// A row `explain --row` asks about, and why it was excluded if it is one no file lists (a CANCELED row).
    var watch: (path: String, line: Int)?
    private(set) var watchedExclusion: String?

    /// Books one read row; returns its line when it counts, unless `repeats` finds it in an earlier dump (and says where).
    mutating func book(_ outcome: RowNormaliser.Outcome, path: String, line: Int, repeats: (InvoiceLine) -> String?)
        -> InvoiceLine?
    {
        counts.read += 1
        switch outcome {
        case .rejected(let why):
            counts.rejected += 1
            rejects.append(RowIssue(file: path, line: line, reason: why.description))  // the edge: listed as text
        case .stop(let why):
            counts.rejected += 1
            rejects.append(RowIssue(file: path, line: line, reason: why))
            if stop == nil { stop = RowIssue(file: path, line: line, reason: why) }
        case .excluded(let why, let listed):
            counts.excluded += 1
            if listed {
                excluded.append(RowIssue(file: path, line: line, reason: why))
            } else if let w = watch, w.line == line, w.path == path {
                watchedExclusion = why
            }
        case .accepted(let l):
            if let original = repeats(l) {
                counts.duplicates += 1
                duplicates.append(RowIssue(file: path, line: line, reason: original))
                return nil
            }
            counts.accepted += 1
            return l
        }
        return nil
    }

    /// Adds books kept apart (a later part of the input).
    mutating func append(_ o: RowBooks) {
        counts.read += o.counts.read; counts.accepted += o.counts.accepted; counts.rejected += o.counts.rejected
        counts.excluded += o.counts.excluded; counts.duplicates += o.counts.duplicates;
        counts.skipped += o.counts.skipped
        rejects.append(contentsOf: o.rejects)
        excluded.append(contentsOf: o.excluded)
        duplicates.append(contentsOf: o.duplicates)
        if stop == nil { stop = o.stop }
    }

    /// Makes the lines absolute, for books of a worker that started counting at 1 mid-file.
    mutating func shiftLines(by offset: Int) {
        rejects.shiftLines(by: offset)
        excluded.shiftLines(by: offset)
        duplicates.shiftLines(by: offset)
        stop?.line += offset
    }
}
