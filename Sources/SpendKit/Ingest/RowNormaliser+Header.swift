/// Header lines among the rows: two exports joined into one file (`cat a.csv b.csv`) bring the second's header
/// along. A header whose columns the profile reads as the file's own is a layout row (its names may be spelt
/// otherwise: Gateshead's `Supplier ID(T)` and `Supplier ID (T)`); a header of other columns would have the rows below
/// it read by the first one's (Kst and Konto swapped: spend in the wrong place with exit 0), so it stops the file.
extension RowNormaliser {
    /// What a rejected row is when it is a header line, or nil when it is none.
    func headerRow(_ r: RawRecord) -> Outcome? {
        guard !columns.header.isEmpty else { return nil }
        var names = (0..<r.count).map { r.trimmedString($0) }
        // a second export's BOM, left inside the text where two files were joined
        if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = trimmedBlanks(String(first.dropFirst())) }
        let folded = names.map(foldProfileHeader)
        if folded == columns.header { return .excluded("repeated header", listed: true) }
        // A header of this profile (every column it needs named), most of its names the file's own.
        let (map, missing) = profile.columns(for: names, folded: folded)
        guard missing.isEmpty, Set(folded).intersection(columns.header).count * 2 >= Set(columns.header).count
        else { return nil }
        if r.count == width && map.readsAlike(columns) { return .excluded("repeated header", listed: true) }
        return .stop(
            "a header line with other columns than the file's own: the rows below it would be read by the first "
                + "header's columns; give each export a file of its own")
    }
}
