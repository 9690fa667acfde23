/// What a run's input warns of, kept as facts and made into text once: the parts of a run (`spend partial`) each
/// hold their own, and `spend merge` adds them up before it words them, so a merged run warns as one run of all its
/// files would (a column one part's files lack and another's have is no typo; one warning for files without
/// invoice number, not one a part).
struct InputNotes: Sendable, Equatable {
    /// Per profile: how many files it read, and per field it names, in how many of them the header lacked it.
    var unreadFields: [String: UnreadFields] = [:]
    /// Files whose header has neither invoice number nor voucher.
    var unnumbered: [String] = []
    /// Gzip files with bytes after their data (`ByteSource.trailingBytes`), and how many.
    var trailing: [Trailing] = []
    /// Files whose lines repeat each other's duplicate key (`DuplicateCheck`), in the run's order.
    var repeating: [Repeating] = []

    struct UnreadFields: Sendable, Equatable {
        var fields: [String: Int] = [:]
        var files = 0
    }
    struct Trailing: Sendable, Equatable { var path: String, bytes: Int }
    /// The first line that repeats an earlier line's key, how many do, and the earlier line.
    struct Repeating: Sendable, Equatable { var path: String, line: Int, repeats: Int, first: Int }

    /// Files named one by one in the repeated-key warning when more than one more has repeats.
    static let namedRepeats = 3

    /// Notes one file read with `profile`.
    mutating func note(file path: String, profile: String, unread: [String], unnumbered none: Bool, trailing: Int) {
        unread.forEach { unreadFields[profile, default: UnreadFields()].fields[$0, default: 0] += 1 }
        unreadFields[profile, default: UnreadFields()].files += 1
        if none { unnumbered.append(path) }
        if trailing > 0 { self.trailing.append(Trailing(path: path, bytes: trailing)) }
    }

    /// Adds the notes of the files read after these (the next part of a run).
    mutating func add(_ o: InputNotes) {
        for (p, u) in o.unreadFields {
            unreadFields[p, default: UnreadFields()].files += u.files
            for (f, n) in u.fields { unreadFields[p, default: UnreadFields()].fields[f, default: 0] += n }
        }
        unnumbered += o.unnumbered
        trailing += o.trailing
        repeating += o.repeating
    }

    var warnings: [String] {
        // A field no file's header has (a typo in the profile); one that some files have is a profile serving them all.
        var out = unreadFields.keys.sorted().flatMap { p in
            let u = unreadFields[p]!
            return u.fields.filter { $0.value == u.files }.keys.sorted().map {
                "profile '\(p)' names the column of \($0), which no file's header has: that field is not read"
            }
        }
        out += repeatedKeyWarnings
        if let first = unnumbered.first {
            // SPEC §4 counts an invoice per (supplier, invoice number): without either column each line is counted
            // as an invoice, which the invoice counts must say.
            let more = unnumbered.count - 1
            out.append(
                "\(first)\(more > 0 ? " and \(Fmt.count(more, "other file"))" : ""): no column of invoice number or voucher, "
                    + "so each line counts as an invoice of its own and the invoice counts are line counts; name the column "
                    + "in the profile (invoice_number or voucher) if the file has one")
        }
        for t in trailing {
            out.append(
                "\(t.path): \(Fmt.count(t.bytes, "byte")) after the end of its gzip data are no gzip data and were not read "
                    + "(gunzip ignores them too: 'trailing garbage ignored'); if the export was cut or joined, export it again")
        }
        return out
    }

    /// The first three files whose lines repeat a key, each in full, the others in one warning (a run of a hundred
    /// monthly files would otherwise print a hundred).
    private var repeatedKeyWarnings: [String] {
        let named = repeating.count > Self.namedRepeats + 1 ? Self.namedRepeats : repeating.count
        var out = repeating.prefix(named).map { f in
            "\(f.path):\(f.line): \(Fmt.count(f.repeats, "line")) \(f.repeats == 1 ? "has" : "have") the same duplicate key as an earlier line of the same file "
                + "(first: line \(f.first)); a later dump holding such lines loses genuine ones. If the file has a "
                + "column that tells them apart (invoice number, voucher; a description is read only without both), give it to the "
                + "profile; else turn the check off with [duplicates] check = false"
        }
        let rest = repeating.dropFirst(named)
        if let f = rest.first {
            out.append(
                "\(f.path):\(f.line) and \(Fmt.count(rest.count - 1, "other file")): \(Fmt.count(rest.map(\.repeats).reduce(0, +), "line")) in all "
                    + "have the same duplicate key as an earlier line of their file, as above")
        }
        return out
    }
}
