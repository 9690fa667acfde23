/// The books of a part: its counts, then its rejected, listed excluded and duplicate rows in input order.
extension RowBooks {
    func encode(_ e: PartEncoder) throws {
        let c = counts
        for n in [c.read, c.accepted, c.rejected, c.excluded, c.duplicates] { e.count(n) }
        for list in [rejects, excluded, duplicates] {
            e.count(list.count)
            for r in list {
                e.name(PersonalData.masked(r.file)); e.count(r.line); e.text(PersonalData.masked(r.reason))
                try e.flushIfFull()
            }
        }
    }

    /// The books as written; long lists spill out of memory as they are read, as a run's own do.
    static func decode(_ d: PartDecoder) throws -> RowBooks {
        var b = RowBooks()
        b.counts.read = try d.count(); b.counts.accepted = try d.count(); b.counts.rejected = try d.count()
        b.counts.excluded = try d.count(); b.counts.duplicates = try d.count()
        guard b.counts.reconciles else { throw d.corrupt("its row counts do not add up") }
        func issues() throws -> RowIssues {
            var list = RowIssues()
            for _ in 0..<(try d.count()) {
                list.append(RowIssue(file: try d.name(), line: try d.count(), reason: try d.text()))
            }
            return list
        }
        b.rejects = try issues(); b.excluded = try issues(); b.duplicates = try issues()
        return b
    }
}
