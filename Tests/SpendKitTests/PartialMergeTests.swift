import Foundation
import Testing

@testable import SpendKit

/// The secret a sharded run's parts are keyed with (`KeyCipher`, `PersonKey`).
let partKey = ["SPEND_PERSON_KEY": "the tests' secret"]

/// `spend partial` and `spend merge` (issue 18): parts of shards merge into the same bytes as one run over the same
/// files in the same order, duplicates across shards included; parts of different tables or settings are refused.
@Suite struct PartialMergeTests {
    static let fixtures = repoRoot + "/Fixtures/analysis"
    static let header =
        "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Köpet avser;Nettobelopp på konteringsrad;Huvudstatus"

    /// A seeded Proceedo ledger with every kind of row a part must carry: invoices of several lines, suppliers by
    /// org number, by name only and a sole trader, unmapped cost centres, lines outside the category, credit
    /// notes, lines without invoice number and voucher, excluded (PENDING, CANCELED) and rejected rows.
    static func ledger(seed: UInt64, count: Int) -> [String] {
        var r = FixtureRandom(seed: seed)
        let suppliers = [
            ("Atea Sverige AB", "556036-0793"), ("ATEA SVERIGE AB", "5560360793"), ("Tele2 Sverige AB", "556410-8917"),
            ("Nisses Data", ""), ("NISSES DATA AB", ""), ("Byggare AB", ""), ("Eva Svensson", withLuhn("790619744")),
            ("Kontorsgrossisten AB", withLuhn("556677889")), ("Dataföretaget AB", withLuhn("556123456")),
        ]
        let accounts = ["54610", "54610", "74311", "74311", "41000", "99999"]
        let places = ["1100", "1200", "1500", "2100", "2200", "9999", ""]
        let texts = ["Dator", "Licens", "Skärm", "Kabel", "Konsult", ""]
        var rows: [String] = []
        var invoice = 0
        while rows.count < count {
            invoice += 1
            let (name, org) = suppliers[r.int(0...suppliers.count - 1)]
            let bare = r.int(0...14) == 0
            let date = String(format: "%04d-%02d-%02d", r.int(2021...2022), r.int(1...12), r.int(1...28))
            for l in 1...r.int(1...3) {
                var amount = "\(r.int(-200...9000)),\(String(format: "%02d", r.int(0...99)))"
                var day = date
                let status = [
                    "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "OK", "PENDING",
                    "CANCELED",
                ][r.int(0...16)]
                switch r.int(0...60) {
                case 0: amount = "12x"
                case 1: day = "2022-13-40"
                default: break
                }
                rows.append(
                    [
                        bare ? "" : "F\(invoice)", bare ? "" : "V\(invoice)-\(l)", day, name, org,
                        places[r.int(0...places.count - 1)],
                        accounts[r.int(0...accounts.count - 1)], texts[r.int(0...texts.count - 1)], amount, status,
                    ].joined(separator: ";"))
            }
        }
        return rows
    }

    /// `files` dumps of the ledger cut in order, each overlapping its neighbours, one line in three dumps and one file
    /// that repeats a few of its own lines (kept, with a warning).
    static func dumps(in dir: String, files: Int = 6, lines: Int = 1800, seed: UInt64 = 18) -> [String] {
        let rows = ledger(seed: seed, count: lines)
        let size = rows.count / files
        var paths: [String] = []
        for i in 0..<files {
            var part = Array(rows[max(0, i * size - 40)..<min(rows.count, (i + 1) * size + 25)])
            if i == 2 { part += part.prefix(5) }
            if i == files - 1 { part.append(rows[size + 3]) }
            paths.append(writeFile(([header] + part).joined(separator: "\n") + "\n", name: "dump\(i).csv", in: dir))
        }
        return paths
    }

    static func options(_ invoices: [String], out: String, category: String = "IT") -> RunOptions {
        var o = RunOptions()
        o.invoices = invoices
        o.rules = fixtures + "/regler.csv"
        o.contracts = fixtures + "/avtal.csv"
        o.organisation = fixtures + "/organisation.csv"
        o.published = fixtures + "/publicerat.toml"
        o.settings.category = category
        o.settings.directAwardThresholdAllYears = 5000_00
        o.maxRejects = 1
        o.outDir = out
        o.formats = ["json", "csv", "md", "html", "xlsx"]
        o.threads = 2
        return o
    }

    /// The shards of `layout` (lists of file numbers, in order) through `Partial.run`, their keys matched as the
    /// Spark driver matches them, the shards with keys of earlier shards run again; returns the parts.
    /// `skipSecondStage`: the shard that is left at its first stage (-1: every shard).
    static func shard(
        _ layout: [[Int]], _ base: RunOptions, in dir: String, parser: CSVParserKind = .fast,
        skipSecondStage: Int? = nil
    ) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let files = base.invoices
        var parts: [String] = []
        var first: [UInt64: UInt64] = [:]
        for (s, numbers) in layout.enumerated() {
            var o = base
            o.invoices = numbers.map { files[$0] }
            o.outDir = dir + "/p\(s).part"
            o.parser = parser
            var shard = Partial.Shard()
            shard.firstFile = numbers[0]
            shard.runFiles = files.count
            shard.emitKeys = dir + "/k\(s).keys"
            shard.plainPersonKeys = true  // the sole traders' plain hashes stay in this test's temporary files
            try Partial.run(o, shard: shard)
            parts.append(o.outDir)
            var earlier = DuplicateKeys()
            for r in try DuplicateKeys.read(shard.emitKeys!).records {
                if let f = first[r.key] {
                    earlier.records.append(.init(key: r.key, place: f))
                    earlier.files[Int(f >> 40)] = files[Int(f >> 40)]
                } else {
                    first[r.key] = r.place
                }
            }
            guard !earlier.records.isEmpty, skipSecondStage != s, skipSecondStage != -1 else { continue }
            shard.earlier = dir + "/e\(s).keys"
            shard.emitKeys = nil
            try earlier.write(to: shard.earlier!)
            try Partial.run(o, shard: shard)
        }
        return parts
    }

    /// Every file under `dir` but hidden ones, by relative path.
    static func tree(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)!
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            guard !p.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
                FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDir), !isDir.boolValue
            else { continue }
            out[p] = FileManager.default.contents(atPath: dir + "/" + p)
        }
        return out
    }

    static func expectSame(_ a: String, _ b: String) throws {
        let x = try tree(a), y = try tree(b)
        #expect(x.keys.sorted() == y.keys.sorted())
        #expect(x.count > 10)
        for (k, v) in x where y[k] != v { Issue.record("\(k) differs between \(a) and \(b)") }
    }

    static func merge(_ parts: [String], out: String) throws -> RunResult {
        var m = PartMerge.Options()
        m.outDir = out
        m.threads = 2
        return try PartMerge.run(parts, m)
    }

    @Test(
        "shards merge into the bytes of one run, duplicates across shards included",
        arguments: [
            [[0, 1], [2, 3], [4, 5]], [[0], [1], [2], [3], [4], [5]], [[0, 1, 2], [3], [4, 5]], [[0, 1, 2, 3, 4, 5]],
        ])
    func shardsMergeIntoOneRun(layout: [[Int]]) throws {
        let dir = tempDir()
        let o = Self.options(Self.dumps(in: dir), out: dir + "/one")
        let one = try Pipeline.run(o)
        #expect(one.counts.duplicates > 100 && one.counts.rejected > 0 && one.counts.excluded > 0)
        let parts = try Self.shard(layout, o, in: dir)
        let merged = try Self.merge(parts, out: dir + "/merged")
        #expect(merged.counts == one.counts)
        try Self.expectSame(dir + "/one", dir + "/merged")
        let duplicates = try String(contentsOfFile: dir + "/merged/2022/duplicates.csv", encoding: .utf8)
        #expect(duplicates.contains("repeats \(dir)/dump0.csv:"))
    }

    @Test(
        "the parts' input notes add up to the run's: a file's repeated keys noted once, by its own part, whatever the sharding",
        arguments: [[[0, 1], [2, 3], [4, 5]], [[0], [1], [2], [3], [4], [5]], [[0, 1, 2, 3, 4, 5]]] as [[[Int]]])
    func notesAddUp(layout: [[Int]]) throws {
        let dir = tempDir()
        let files = Self.dumps(in: dir)
        // dump2 and dump4 repeat three of their own lines, which no other file holds
        for f in [files[2], files[4]] {
            let lines = try String(contentsOfFile: f, encoding: .utf8).split(separator: "\n")
            _ = writeFile((lines + lines[100..<103]).joined(separator: "\n") + "\n", name: (f as NSString).lastPathComponent, in: dir)
        }
        let o = Self.options(files, out: dir + "/one")
        let run = Ingestor()
        try run.ingest(paths: o.invoices, profile: nil) { _ in }
        #expect(run.allNotes.repeating.map(\.path) == [files[2], files[4]], "\(run.warnings) \(run.counts)")
        var merged = InputNotes()
        for p in try Self.shard(layout, o, in: dir) {
            merged.add(try PartFile.Reader(path: p).body(names: TallyNames()).notes)
        }
        #expect(merged == run.allNotes)
        #expect(merged.warnings == run.warnings)
    }

    @Test("notes of files read apart word as one: a column some files have is no warning, files without number one warning")
    func notesWordedOnce() {
        var a = InputNotes(), b = InputNotes()
        a.note(file: "a.csv", profile: "p.toml", unread: ["voucher 'ver'", "account 'acount'"], unnumbered: true, trailing: 0)
        b.note(file: "b.csv", profile: "p.toml", unread: ["account 'acount'"], unnumbered: false, trailing: 12)
        b.note(file: "c.csv", profile: "p.toml", unread: ["account 'acount'"], unnumbered: true, trailing: 0)
        a.add(b)
        let w = a.warnings
        #expect(w.filter { $0.contains("which no file's header has") } == [
            "profile 'p.toml' names the column of account 'acount', which no file's header has: that field is not read"
        ])
        #expect(w.filter { $0.contains("invoice of its own") }.count == 1)
        #expect(w.contains { $0.hasPrefix("a.csv and 1 other file: no column of invoice number or voucher") })
        #expect(w.contains { $0.hasPrefix("b.csv: 12 bytes after the end of its gzip data") })
    }

    @Test("shards of several files on the fast path that skip their second stage are refused, whichever skips it")
    func skippedStageOnTheFastPath() throws {
        let dir = tempDir()
        let o = Self.options(Self.dumps(in: dir), out: dir + "/one")
        for skip in [1, 2] {
            let parts = try Self.shard([[0, 1], [2, 3], [4, 5]], o, in: dir + "/s\(skip)", skipSecondStage: skip)
            #expect(throws: PartError.self) { try Self.merge(parts, out: dir + "/merged\(skip)") }
            do { _ = try Self.merge(parts, out: dir + "/merged\(skip)") } catch let e as PartError {
                guard case .overlap(let path, _, let keys, _) = e else { Issue.record("\(e)"); continue }
                #expect(path == parts[skip] && keys > 10)
            }
        }
    }

    @Test("with the profile's duplicate check off, every sharding merges into the run's bytes in one stage", arguments: [
        (CSVParserKind.fast, [[0], [1], [2], [3], [4], [5]]), (.fast, [[0, 1], [2, 3], [4, 5]]),
        (.libcsv, [[0, 1, 2], [3, 4, 5]]),
    ])
    func checkOff(parser: CSVParserKind, layout: [[Int]]) throws {
        let dir = tempDir()
        let profile = writeFile(
            "[fields]\ninvoice_number = \"Fakturanummer\"\nvoucher = \"Verifikationsnummer\"\n"
                + "booking_date = \"Bokföringsdatum\"\nsupplier_name = \"Leverantör\"\n"
                + "supplier_id = \"Organisationsnummer\"\ncost_centre = \"Kst\"\naccount = \"Konto\"\n"
                + "description = \"Köpet avser\"\namount = \"Nettobelopp på konteringsrad\"\nstatus = \"Huvudstatus\"\n"
                + "[duplicates]\ncheck = false\n", name: "nodup.toml", in: dir)
        var o = Self.options(Self.dumps(in: dir), out: dir + "/one")
        o.profile = profile
        let one = try Pipeline.run(o)
        #expect(one.counts.duplicates == 0 && one.counts.accepted > 1000)
        let parts = try Self.shard(layout, o, in: dir, parser: parser, skipSecondStage: -1)
        let merged = try Self.merge(parts, out: dir + "/merged")
        #expect(merged.counts == one.counts)
        try Self.expectSame(dir + "/one", dir + "/merged")
    }

    @Test("the reference parser in the shards gives the same bytes")
    func referenceParser() throws {
        let dir = tempDir()
        let o = Self.options(Self.dumps(in: dir), out: dir + "/one")
        _ = try Pipeline.run(o)
        _ = try Self.merge(
            try Self.shard([[0, 1], [2, 3, 4], [5]], o, in: dir, parser: .libcsv), out: dir + "/merged")
        try Self.expectSame(dir + "/one", dir + "/merged")
    }

    @Test("merge gives the same bytes whatever order the parts are named in")
    func anyOrder() throws {
        let dir = tempDir()
        let o = Self.options(Self.dumps(in: dir), out: dir + "/one")
        let parts = try Self.shard([[0], [1, 2], [3], [4, 5]], o, in: dir)
        let orders = [parts, parts.reversed(), [parts[2], parts[0], parts[3], parts[1]]]
        for (i, order) in orders.enumerated() { _ = try Self.merge(order, out: dir + "/m\(i)") }
        try Self.expectSame(dir + "/m0", dir + "/m1")
        try Self.expectSame(dir + "/m0", dir + "/m2")
    }

    @Test("a part is the same bytes for the same input")
    func deterministicParts() throws {
        let dir = tempDir()
        let o = Self.options(Self.dumps(in: dir), out: dir + "/one")
        for sub in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        let a = try Self.shard([[0, 1, 2], [3, 4, 5]], o, in: dir + "/a")
        let b = try Self.shard([[0, 1, 2], [3, 4, 5]], o, in: dir + "/b")
        for (x, y) in zip(a, b) {
            #expect(FileManager.default.contents(atPath: x) == FileManager.default.contents(atPath: y))
        }
    }

    @Test("rejects beyond what stays in memory travel whole through the parts")
    func manyRejects() throws {
        let dir = tempDir()
        var paths: [String] = []
        for i in 0..<2 {
            var rows = [Self.header]
            for n in 0..<4500 {
                rows.append("F\(i)-\(n);V\(n);2022-02-01;Atea Sverige AB;556036-0793;1100;54610;Dator;\(n)x;OK")
            }
            rows.append("G\(i);W1;2022-02-01;Atea Sverige AB;556036-0793;1100;54610;Dator;100,00;OK")
            paths.append(writeFile(rows.joined(separator: "\n") + "\n", name: "bad\(i).csv", in: dir))
        }
        let o = Self.options(paths, out: dir + "/one")
        let one = try Pipeline.run(o)
        #expect(one.counts.rejected == 9000)
        _ = try Self.merge(try Self.shard([[0], [1]], o, in: dir), out: dir + "/merged")
        try Self.expectSame(dir + "/one", dir + "/merged")
    }

    @Test("rejects over max_rejects fail the merge as they fail the run")
    func tooManyRejects() throws {
        let dir = tempDir()
        var o = Self.options(Self.dumps(in: dir), out: dir + "/one")
        o.maxRejects = 0.001
        #expect(throws: IngestError.self) { try Pipeline.run(o) }
        let parts = try Self.shard([[0, 1, 2], [3, 4, 5]], o, in: dir)
        #expect(throws: IngestError.self) { try Self.merge(parts, out: dir + "/merged") }
        #expect(FileManager.default.fileExists(atPath: dir + "/merged/failed/rejects.csv"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/merged/2022"))
    }

    @Test("invoice records spilled out of memory are written into the part, not the spill file's handle")
    func spilledTally() throws {
        var o = Self.options(Self.dumps(in: tempDir()), out: "")
        o.invoices = Array(o.invoices.prefix(1))
        let names = TallyNames(budget: 16)
        let a = try Pipeline.analyzer(o, names: names)
        let (lines, _) = try ingest(o.invoices)
        for l in lines { a.add(l) }
        #expect(a.years.values.contains { !$0.invoices.segments.joined().isEmpty })
        let path = tempDir() + "/spilled.part"
        let header = try PartHeader.make(o, shard: .init(firstFile: 0, runFiles: 1, files: o.invoices))
        try PartFile.write(to: path, header: header, analyzer: a, books: RowBooks(), extras: .init())
        let body = try PartFile.Reader(path: path).body(names: TallyNames())
        #expect(body.years.keys.sorted() == a.years.keys.sorted())
        for (y, f) in a.years {
            let want = try f.invoices.count(), got = try body.years[y]!.invoices.count()
            #expect(got.all == want.all && got.all > 16)
            #expect(
                got.bySupplier.reduce(0, +) == want.bySupplier.reduce(0, +) && got.bySubcategory == want.bySubcategory
                    && got.byBoard == want.byBoard)
            let gotBook = SupplierTotals(body.years[y]!.suppliers, names: body.years[y]!.invoices.names),
                wantBook = SupplierTotals(f.suppliers, names: names)
            #expect(gotBook.amountsByKey == wantBook.amountsByKey && gotBook.rows.count > 1)
            #expect(
                gotBook.suppliersBySubcategory == wantBook.suppliersBySubcategory
                    && body.years[y]!.firstDay == f.firstDay)
        }
    }

    @Test("SHA-256 of the tables is the standard one")
    func sha256() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array(String(repeating: "a", count: 1000).utf8))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

/// The commands: what `spend merge` refuses and with which exit code.
@Suite struct PartialMergeCommandTests {
    /// Two parts of the hand-made fixture (dump1 and dump2 as one run), made with `extra` flags for the second: the
    /// first emits its keys, the second is given those it repeats (dump2 repeats a line of dump1).
    func parts(_ dir: String, second extra: [String] = []) throws -> [String] {
        let f = PartialMergeTests.fixtures
        let common = [
            "--rules", f + "/regler.csv", "--contracts", f + "/avtal.csv", "--org", f + "/organisation.csv",
            "--category", "IT",
            "--run-files", "2", "--quiet",
        ]
        let first = try runSpend(
            ["partial", "--invoices", f + "/dump1.csv", "--out", dir + "/p0.part", "--emit-keys", dir + "/k0.keys"]
                + common, env: partKey)
        #expect(first.code == 0, "\(first.err)")
        let second = try runSpend(
            [
                "partial", "--invoices", f + "/dump2.csv", "--first-file", "1", "--out", dir + "/p1.part",
                "--emit-keys", dir + "/k1.keys",
            ] + common + extra, env: partKey)
        #expect(second.code == 0, "\(second.err)")
        let known = Dictionary(try DuplicateKeys.read(dir + "/k0.keys").records.map { ($0.key, $0.place) }) { a, _ in a
        }
        var earlier = DuplicateKeys()
        earlier.files[0] = f + "/dump1.csv"
        for r in try DuplicateKeys.read(dir + "/k1.keys").records {
            if let p = known[r.key] { earlier.records.append(.init(key: r.key, place: p)) }
        }
        #expect(earlier.records.count == 1)
        try earlier.write(to: dir + "/e1.keys")
        let again = try runSpend(
            [
                "partial", "--invoices", f + "/dump2.csv", "--first-file", "1", "--out", dir + "/p1.part",
                "--earlier", dir + "/e1.keys",
            ] + common + extra, env: partKey)
        #expect(again.code == 0, "\(again.err)")
        return [dir + "/p0.part", dir + "/p1.part"]
    }

    @Test("a shard that skipped its --earlier stage is refused: its repeats of an earlier shard would count twice")
    func skippedSecondStage() throws {
        let dir = tempDir()
        let parts = try parts(dir)
        let stale = dir + "/p1-stage1.part"
        let f = PartialMergeTests.fixtures
        let first = try runSpend([
            "partial", "--invoices", f + "/dump2.csv", "--first-file", "1", "--run-files", "2", "--out", stale,
            "--rules", f + "/regler.csv", "--contracts", f + "/avtal.csv", "--org", f + "/organisation.csv",
            "--category", "IT", "--quiet",
        ], env: partKey)
        #expect(first.code == 0, "\(first.err)")
        let r = try runSpend(["merge", stale, parts[0], "--out", dir + "/out"])
        #expect(r.code == 65)
        #expect(
            r.err.contains(
                "p1-stage1.part: the lines of its files (\(f)/dump2.csv) with a duplicate key that \(parts[0]) holds too")
                && r.err.contains("--earlier"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2022"))
        let ok = try runSpend(["merge", parts[1], parts[0], "--out", dir + "/out", "--quiet"])
        #expect(ok.code == 0, "\(ok.err)")
    }

    @Test("keys given with --earlier that no earlier part holds are refused: its lines were dropped for nothing")
    func strayEarlierKeys() throws {
        let dir = tempDir(), f = PartialMergeTests.fixtures
        let parts = try parts(dir)
        var stale = try DuplicateKeys.read(dir + "/e1.keys")
        stale.records.append(.init(key: 0x1234_5678_9ABC_DEF0, file: 0, line: 3))  // yesterday's key, say
        try stale.write(to: dir + "/stale.keys")
        let again = try runSpend([
            "partial", "--invoices", f + "/dump2.csv", "--first-file", "1", "--run-files", "2", "--out",
            dir + "/p1-stale.part", "--earlier", dir + "/stale.keys", "--rules", f + "/regler.csv", "--contracts",
            f + "/avtal.csv", "--org", f + "/organisation.csv", "--category", "IT", "--quiet",
        ], env: partKey)
        #expect(again.code == 0, "\(again.err)")
        let r = try runSpend(["merge", parts[0], dir + "/p1-stale.part", "--out", dir + "/out"])
        #expect(r.code == 65)
        #expect(
            r.err.contains("p1-stale.part: a key given with --earlier (e.g. one said to stand in \(f)/dump1.csv)")
                && r.err.contains("not of this run's first stage"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2022"))
    }

    @Test("where parts' key lists meet", arguments: [
        ([[1, 5, 9], [2, 6], [3, 7, 10]], nil),
        ([[1, 5, 9], [2, 5], [3, 9, 10]], PartMerge.KeyOverlap(later: 1, earlier: [0], keys: 1)),
        ([[], [0, 4], [0, 4, 8], [4]], PartMerge.KeyOverlap(later: 2, earlier: [1], keys: 2)),
        ([[1, 2], [3, 4], [1, 4, 8]], PartMerge.KeyOverlap(later: 2, earlier: [0, 1], keys: 2)),
        ([[UInt64.max], [0, UInt64.max]], PartMerge.KeyOverlap(later: 1, earlier: [0], keys: 1)),
    ] as [([[UInt64]], PartMerge.KeyOverlap?)])
    func keyOverlap(parts: [[UInt64]], expected: PartMerge.KeyOverlap?) {
        #expect(PartMerge.overlap(parts) == expected)
    }

    @Test("parts made with different rule tables are refused, naming the tables")
    func differentRules() throws {
        let dir = tempDir()
        let other = writeFile(
            "kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;54610;;\n",
            name: "regler-ny.csv", in: dir)
        let parts = try parts(dir, second: ["--rules", other])
        let r = try runSpend(["merge", parts[0], parts[1], "--out", dir + "/out"])
        #expect(r.code == 65)
        #expect(
            r.err.contains("different rule tables") && r.err.contains("regler.csv") && r.err.contains("regler-ny.csv"),
            "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2022"))
    }

    @Test("parts made with different settings are refused, naming the setting")
    func differentSettings() throws {
        let dir = tempDir()
        let parts = try parts(dir, second: ["--year-by", "invoice"])
        let r = try runSpend(["merge", parts[1], parts[0], "--out", dir + "/out"])
        #expect(r.code == 65)
        #expect(r.err.contains("different settings: yearBy is 'booking'"), "\(r.err)")
    }

    @Test("the merge of the two parts is the run over both files")
    func sameAsAnalyze() throws {
        let dir = tempDir(), f = PartialMergeTests.fixtures
        let parts = try parts(dir)
        let m = try runSpend(["merge", parts[1], parts[0], "--out", dir + "/merged", "--quiet"])
        #expect(m.code == 0, "\(m.err)")
        let a = try runSpend([
            "analyze", "--invoices", f + "/dump1.csv", f + "/dump2.csv", "--rules", f + "/regler.csv", "--contracts",
            f + "/avtal.csv",
            "--org", f + "/organisation.csv", "--category", "IT", "--out", dir + "/one", "--quiet",
        ])
        #expect(a.code == 0, "\(a.err)")
        try PartialMergeTests.expectSame(dir + "/one", dir + "/merged")
    }

    @Test("a missing, foreign, damaged or left-out part is refused")
    func badParts() throws {
        let dir = tempDir()
        let parts = try parts(dir)
        let missing = try runSpend(["merge", parts[0], dir + "/nothing.part", "--out", dir + "/out"])
        #expect(missing.code == 66 && missing.err.contains("nothing.part"), "\(missing.err)")
        let foreign = writeFile("kategori;underkategori\n", name: "foreign.part", in: dir)
        let notPart = try runSpend(["merge", parts[0], foreign, "--out", dir + "/out"])
        #expect(notPart.code == 65 && notPart.err.contains("not a spend part"), "\(notPart.err)")
        let bytes = FileManager.default.contents(atPath: parts[1])!
        let cut = writeFile([UInt8](bytes.prefix(bytes.count * 2 / 3)), name: "cut.part", in: dir)
        let damaged = try runSpend(["merge", parts[0], cut, "--out", dir + "/out"])
        #expect(damaged.code == 65 && damaged.err.contains("cut.part"), "\(damaged.err)")
        let gap = try runSpend(["merge", parts[1], "--out", dir + "/out"])
        #expect(gap.code == 65 && gap.err.contains("no part holds file 1 of the run"), "\(gap.err)")
        let twice = try runSpend(["merge", parts[0], parts[0], parts[1], "--out", dir + "/out"])
        #expect(twice.code == 65 && twice.err.contains("both hold file 1"), "\(twice.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/2022"))
    }

    @Test("partial needs --out; merge cannot write the database")
    func usage() throws {
        let dir = tempDir()
        let noOut = try runSpend(["partial", "--invoices", PartialMergeTests.fixtures + "/dump1.csv"], env: partKey)
        #expect(noOut.code == 64 && noOut.err.contains("--out"), "\(noOut.err)")
        let parts = try parts(dir)
        let sqlite = try runSpend(["merge", parts[0], parts[1], "--format", "sqlite", "--out", dir + "/out"])
        #expect(sqlite.code == 64 && sqlite.err.contains("sqlite"), "\(sqlite.err)")
    }

    /// Through the binary, as a user shards a run: a GBP ledger's merged reports are in GBP (they were in SEK), a
    /// profile given as files separated by commas is taken, parts made with other profiles are refused, and a
    /// category no rule names is exit 64 for a shard as for the run.
    @Test func shardsOfAForeignLedger() throws {
        let dir = tempDir(), h = repoRoot + "/Fixtures/ledgers/hyndburn"
        let files = [h + "/2017-01.csv", h + "/2024-09.csv"], profile = h + "/hyndburn.toml"
        let one = try runSpend(["analyze", "--invoices"] + files + ["--profile", profile, "--out", dir + "/one", "--format", "json,csv,md", "--quiet"])
        #expect(one.code == 0, "\(one.err)")
        let other = writeFile(
            try String(contentsOfFile: profile, encoding: .utf8) + "\n# another profile\n", name: "other.toml", in: dir)
        for (i, p) in [profile + "," + other, profile].enumerated() {
            let r = try runSpend([
                "partial", "--invoices", files[i], "--profile", p, "--first-file", "\(i)", "--run-files", "2", "--out",
                dir + "/p\(i).part", "--format", "json,csv,md", "--quiet",
            ], env: partKey)
            #expect(r.code == 0, "\(r.err)")
        }
        let refused = try runSpend(["merge", dir + "/p0.part", dir + "/p1.part", "--out", dir + "/refused"])
        #expect(refused.code == 65 && refused.err.contains("different export profiles"), "\(refused.err)")
        let p0 = try runSpend([
            "partial", "--invoices", files[0], "--profile", profile, "--run-files", "2", "--out", dir + "/p0.part",
            "--format", "json,csv,md", "--quiet",
        ], env: partKey)
        #expect(p0.code == 0, "\(p0.err)")
        let m = try runSpend(["merge", dir + "/p0.part", dir + "/p1.part", "--out", dir + "/merged", "--quiet"])
        #expect(m.code == 0, "\(m.err)")
        for f in ["2017/summary.json", "2017/suppliers.csv", "2024/report.md"] {
            let a = try String(contentsOfFile: dir + "/one/" + f, encoding: .utf8)
            #expect(a == (try String(contentsOfFile: dir + "/merged/" + f, encoding: .utf8)), "\(f)")
            #expect(a.contains("GBP") || a.contains("gbp"), "\(f)")
        }
        let rules = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text;kommentar\nIT;HW;;;*;;\n", name: "r.csv", in: dir)
        let misspelt = try runSpend([
            "partial", "--invoices", files[0], "--profile", profile, "--rules", rules, "--category", "ITT", "--out",
            dir + "/c.part",
        ], env: partKey)
        #expect(misspelt.code == 64 && misspelt.err.contains("no rule puts a line in the category"), "\(misspelt.err)")
    }
}

/// The keyed permutation a sharded run's duplicate keys go out in.
@Suite struct KeyCipherTests {
    @Test("SipHash-2-4 gives the reference vector (key 00…0f, message 00…07)")
    func sipHashVector() {
        #expect(KeyCipher.sipHash(0x0706_0504_0302_0100, 0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908) == 0x93f5_f579_9a93_2462)
    }

    @Test("a key goes out keyed and comes back whole; another secret gives other keys")
    func roundTrip() {
        let a = KeyCipher(secret: Array("one".utf8)), b = KeyCipher(secret: Array("other".utf8))
        var r = FixtureRandom(seed: 22)
        var moved = 0
        for k in [0, 1, UInt64.max, 0x8000_0000_0000_0000] + (0..<1000).map({ _ in r.next() }) {
            #expect(a.decrypt(a.encrypt(k)) == k)
            if a.encrypt(k) != k && a.encrypt(k) != b.encrypt(k) { moved += 1 }
        }
        #expect(moved == 1004)
    }

    @Test("a sharded part without SPEND_PERSON_KEY is refused: its keys would hash a cost centre's personnummer plainly")
    func keysNeedASecret() throws {
        let dir = tempDir(), f = PartialMergeTests.fixtures
        let r = try runSpend([
            "partial", "--invoices", f + "/dump1.csv", "--run-files", "2", "--out", dir + "/p0.part", "--rules",
            f + "/regler.csv", "--category", "IT",
        ])
        #expect(r.code == 64 && r.err.contains("SPEND_PERSON_KEY") && r.err.contains("duplicate keys"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/p0.part"))
        let whole = try runSpend([
            "partial", "--invoices", f + "/dump1.csv", "--out", dir + "/whole.part", "--rules", f + "/regler.csv",
            "--category", "IT", "--quiet",
        ])
        #expect(whole.code == 0, "a part that holds the whole run carries no keys: \(whole.err)")
    }
}
