extension InputNotes {
    /// The notes in a part, their texts masked as every part's text is.
    func encode(_ e: PartEncoder) {
        let m = PersonalData.masked
        e.count(unreadFields.count)
        for p in unreadFields.keys.sorted() {
            let u = unreadFields[p]!
            e.text(m(p)); e.count(u.files); e.count(u.fields.count)
            for f in u.fields.keys.sorted() { e.text(m(f)); e.count(u.fields[f]!) }
        }
        e.count(unnumbered.count)
        for f in unnumbered { e.text(m(f)) }
        e.count(trailing.count)
        for t in trailing { e.text(m(t.path)); e.count(t.bytes) }
        e.count(repeating.count)
        for r in repeating { e.text(m(r.path)); e.count(r.line); e.count(r.repeats); e.count(r.first) }
    }

    static func decode(_ d: PartDecoder) throws -> InputNotes {
        var n = InputNotes()
        for _ in 0..<(try d.count(limit: 1 << 20)) {
            let p = try d.text()
            var u = UnreadFields(files: try d.count())
            for _ in 0..<(try d.count(limit: 1 << 10)) { u.fields[try d.text()] = try d.count() }
            n.unreadFields[p] = u
        }
        for _ in 0..<(try d.count()) { n.unnumbered.append(try d.text()) }
        for _ in 0..<(try d.count()) { n.trailing.append(Trailing(path: try d.text(), bytes: try d.count())) }
        for _ in 0..<(try d.count()) {
            n.repeating.append(
                Repeating(path: try d.text(), line: try d.count(), repeats: try d.count(), first: try d.count()))
        }
        return n
    }
}
