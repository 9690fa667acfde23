import Foundation

/// A part on disk (`spend-part/6`): a gzip file whose text starts with the JSON header line (`PartHeader`), so
/// `zcat PART | head -1` shows it, followed by the binary body `PartEncoder` writes:
///
/// 1. the reference files the reports need (contract register, organisation map, published figures): role, file
///    name and bytes, so `spend merge` needs nothing but the parts;
/// 2. per file of the shard: its encoding and profile;
/// 3. the books: row counts, then the rejected, listed excluded and duplicate rows with `file:line` and reason;
/// 4. what the input warns of, as facts (`InputNotes`), and board names the organisation map did not know (both
///    for stderr);
/// 5. the invoice records' id tables (suppliers; subcategory × board cells);
/// 6. per year: its `YearFigures`, the invoice tally's records (spilled ones read back) last;
/// 7. the duplicate keys of the shard's own lines, ascending, each as its distance from the one before; then the
///    earlier shards' keys it was given (`--earlier`), likewise, each with the run's file it first stands in;
/// 8. the word `end`, so a part cut short is told from a whole one.
enum PartFile {
    /// The parts of one shard's state that are neither figures nor books.
    struct Extras {
        /// How each of the shard's files was read, in the shard's order.
        var fileInfo: [(encoding: String, profile: String)] = []
        /// What the shard's input warns of, as facts (`spend merge` words the run's).
        var notes = InputNotes()
        var unmappedBoards: [String] = []
        /// Reference files to embed, by role.
        var embedded: [(role: String, path: String)] = []
        /// The duplicate keys of the shard's own lines, sorted (none when the run checks no duplicates), so that
        /// `spend merge` can tell a shard that skipped its `--earlier` stage.
        var keys: [UInt64] = []
        /// The earlier shards' keys it was given (`--earlier`), each with the run's file it first stands in, sorted:
        /// `spend merge` checks that the part holding that file holds the key.
        var earlier: [(key: UInt64, file: Int)] = []
    }

    static func write(to path: String, header: PartHeader, analyzer: Analyzer, books: RowBooks, extras: Extras) throws {
        let out = try GzipFileWriter(path: path)
        try out.write(try header.encoded())
        let e = PartEncoder(sink: out.write)
        e.count(extras.embedded.count)
        for (role, file) in extras.embedded {
            e.name(role); e.name(PersonalData.masked((file as NSString).lastPathComponent))
            e.bytes(try maskedTable(role, file))
        }
        for i in header.shard.files.indices {
            let info: (encoding: String, profile: String) = i < extras.fileInfo.count ? extras.fileInfo[i] : ("", "")
            e.name(info.encoding); e.name(PersonalData.masked(info.profile))
        }
        try books.encode(e)
        extras.notes.encode(e)
        e.count(extras.unmappedBoards.count)
        for n in extras.unmappedBoards { e.text(PersonalData.masked(n)) }
        for f in analyzer.years.values { f.invoices.internForeignNames() }
        PartTallyNames.encode(analyzer.names, e)
        e.count(analyzer.years.count)
        for y in analyzer.years.keys.sorted() {
            e.int(Int64(y))
            try analyzer.years[y]!.encode(e)
            try e.flushIfFull()
        }
        e.count(extras.keys.count)
        var last: UInt64 = 0
        for k in extras.keys {
            e.uint(k &- last)
            last = k
            try e.flushIfFull()
        }
        e.count(extras.earlier.count)
        last = 0
        for (k, file) in extras.earlier {
            e.uint(k &- last); e.count(file)
            last = k
            try e.flushIfFull()
        }
        e.text("end")
        try e.flush()
        try out.finish()
    }

    /// What a part's body holds.
    struct Body {
        var embedded: [String: (file: String, bytes: [UInt8])] = [:]
        var fileInfo: [(encoding: String, profile: String)] = []
        var books = RowBooks()
        var notes = InputNotes()
        var unmappedBoards: [String] = []
        var years: [Int: YearFigures] = [:]
        /// The shard's own duplicate keys, ascending.
        var keys: [UInt64] = []
        /// The earlier shards' keys it was given, by key, with the run's file each first stands in.
        var earlier: [(key: UInt64, file: Int)] = []
    }

    /// A part opened for reading: the header is read at once, the body when asked.
    final class Reader {
        let path: String
        let header: PartHeader
        private let d: PartDecoder

        init(path: String) throws {
            self.path = path
            d = try PartDecoder(path: path)
            header = try PartHeader.decode(try d.line(), path: path)
        }

        /// The body; invoice records are interned in `names` (the merging analyzer's).
        func body(names: TallyNames) throws -> Body {
            var b = Body()
            for _ in 0..<(try d.count(limit: 64)) {
                let role = try d.name(), file = try d.name()
                b.embedded[role] = (file, try d.bytes())
            }
            for _ in header.shard.files { b.fileInfo.append((try d.name(), try d.name())) }
            b.books = try RowBooks.decode(d)
            b.notes = try InputNotes.decode(d)
            for _ in 0..<(try d.count()) { b.unmappedBoards.append(try d.text()) }
            let part = try PartTallyNames.decode(d, into: names)
            for _ in 0..<(try d.count(limit: 1000)) {
                let y = try d.int()
                guard (1900...2199).contains(y) else { throw d.corrupt("\(y) is not a year") }
                b.years[Int(y)] = try YearFigures.decode(d, names: names, tallyNames: part)
            }
            let n = try d.count()
            b.keys.reserveCapacity(min(n, 1 << 24))
            var last: UInt64 = 0
            for i in 0..<n {
                let delta = try d.uint()
                guard i == 0 || delta > 0, delta <= ~last else { throw d.corrupt("its duplicate keys are out of order") }
                last &+= delta
                b.keys.append(last)
            }
            last = 0
            for _ in 0..<(try d.count()) {
                let delta = try d.uint(), file = try d.count()
                guard delta <= ~last, file < header.shard.firstFile else {
                    throw d.corrupt("its earlier shards' keys are out of order or not of earlier files")
                }
                last &+= delta
                b.earlier.append((last, file))
            }
            guard try d.text() == "end" else { throw d.corrupt("it does not end where it should") }
            return b
        }
    }
}
