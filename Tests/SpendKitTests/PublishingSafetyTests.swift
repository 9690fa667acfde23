import Foundation
import GRDB
import Testing

@testable import SpendKit

/// Publishing touches nothing outside the reports folder, replaces only what it writes, swaps a run in as one set
/// (a killed swap is completed whole by the next run), and never replaces the reports by less without saying so.
@Suite("publishing safety", .serialized)
struct PublishingSafetyTests {
    typealias Night = OperationsTests.Night
    let fm = FileManager.default

    /// A folder outside the reports with `count` files, and a check that every byte of it is still there.
    struct Foreign {
        let path: String
        let files: [String: Data]
        init(in dir: String, name: String = "foreign", count: Int) throws {
            path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            var f: [String: Data] = [:]
            for i in 0..<count {
                let n = String(format: "precious-%02d.txt", i)
                f[n] = Data("file \(i) that spend did not write\n".utf8)
                _ = FileManager.default.createFile(atPath: path + "/" + n, contents: f[n])
            }
            files = f
        }
        var intact: Bool {
            let now = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return Set(now) == Set(files.keys)
                && files.allSatisfy { FileManager.default.contents(atPath: path + "/" + $0.key) == $0.value }
        }
    }

    /// A dump of 2021 rows beside the 2022 ones of `dump1.csv`, so a run publishes two year folders.
    func add2021(
        _ n: Night, name: String = "dump0.csv",
        rows: [String] = ["B1;W1;2021-04-01;Atea Sverige AB;556036-0793;1100;54610;700,00;OK"]
    ) {
        let header =
            "Fakturanummer;Verifikationsnummer;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;Nettobelopp på konteringsrad;Huvudstatus"
        _ = writeFile(([header] + rows).joined(separator: "\n") + "\n", name: name, in: n.dir + "/dumps")
    }

    @Test("a year asked for whose dump is missing tonight keeps last night's report: never emptied with exit 0")
    func missingDumpKeepsItsYear() throws {
        let n = try Night()
        add2021(n)
        var config = try String(contentsOfFile: n.config, encoding: .utf8)
        config = config.replacingOccurrences(of: "category = \"IT\"", with: "category = \"IT\"\nyears = [2021, 2022]")
        _ = writeFile(config, name: "spend.toml", in: n.dir)
        #expect(try n.run(["--quiet"]).code == 0)
        let night1 = try String(contentsOfFile: n.reports + "/2021/summary.json", encoding: .utf8)
        #expect(night1.contains("\"total\": 700.00"))
        try fm.removeItem(atPath: n.dir + "/dumps/dump0.csv")
        let r = try n.run()
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("no accepted line is dated 2021, a year asked for: no report is written"), "\(r.err)")
        #expect(try String(contentsOfFile: n.reports + "/2021/summary.json", encoding: .utf8) == night1)
    }

    // MARK: case 1 — symbolic links

    @Test(
        "a symbolic or hard link at Reports/.spend.lock: exit 73 naming it, the file it points to unchanged",
        arguments: ["symbolic", "hard"])
    func linkedLock(kind: String) throws {
        let n = try Night()
        try fm.createDirectory(atPath: n.reports, withIntermediateDirectories: true)
        let secret = writeFile("root:x:0:0:root:/root:/bin/bash\n", name: "passwd", in: n.dir)
        let bytes = fm.contents(atPath: secret)
        #expect(
            (kind == "symbolic"
                ? symlink(secret, n.reports + "/.spend.lock") : link(secret, n.reports + "/.spend.lock")) == 0)
        let r = try n.run()
        #expect(r.code == 73)
        #expect(r.err.contains("Reports/.spend.lock: cannot write:"))
        #expect(fm.contents(atPath: secret) == bytes)
        #expect(!fm.fileExists(atPath: n.reports + "/2022"))
    }

    @Test("a symbolic link at archive/2022 to a folder of 40 files: exit 73 before anything is swapped, all 40 remain")
    func linkedArchiveYear() throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let before = n.snapshot()
        let foreign = try Foreign(in: n.dir, count: 40)
        try fm.createDirectory(atPath: n.reports + "/archive", withIntermediateDirectories: true)
        #expect(symlink(foreign.path, n.reports + "/archive/2022") == 0)
        try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/dump2.csv", toPath: n.dir + "/dumps/dump2.csv")
        let r = try n.run()
        #expect(r.code == 73)
        #expect(r.err.contains("Reports/archive/2022: cannot write: is a symbolic link"))
        #expect(foreign.intact)
        #expect(n.snapshot() == before)
        #expect(n.leftovers().isEmpty)
    }

    @Test(
        "a symbolic link planted at a place spend writes: exit 73 naming it, what it points to untouched",
        arguments: ["2022", "spend.sqlite", "archive", ".staging-1", ".previous-2022"])
    func linkedEntry(name: String) throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let foreign = try Foreign(in: n.dir, count: 5)
        let target = name == "spend.sqlite" ? foreign.path + "/precious-00.txt" : foreign.path
        SafeFS.remove(n.reports + "/" + name)
        #expect(symlink(target, n.reports + "/" + name) == 0)
        let before = n.snapshot()
        try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/dump2.csv", toPath: n.dir + "/dumps/dump2.csv")
        let r = try n.run()
        #expect(r.code == 73)
        #expect(r.err.contains("Reports/\(name): cannot write: is a symbolic link"), "\(r.err)")
        #expect(foreign.intact)
        #expect(n.snapshot() == before)
        #expect(SafeFS.kind(n.reports + "/" + name) == .link)
    }

    @Test("pruning removes only archives spend made: foreign files and a linked stamp folder in archive/2022 stay")
    func pruneOnlyOurs() throws {
        let out = tempDir() + "/Reports"
        let foreign = try Foreign(in: tempDir(), count: 3)
        let dir = out + "/archive/2022"
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for i in 0..<40 { _ = writeFile("not spend's \(i)\n", name: "note-\(i).txt", in: dir) }
        for d in 1...5 {
            try fm.createDirectory(atPath: dir + "/2000-01-0\(d)T000000Z", withIntermediateDirectories: true)
        }
        #expect(symlink(foreign.path, dir + "/1999-01-01T000000Z") == 0)
        for v in 0..<2 {
            let p = try ReportPublisher(outDir: out)
            p.archive = true
            p.archiveKeep = 2
            try p.write(Array("v\(v)".utf8), to: "2022/summary.json")
            try p.publish()
        }
        let left = try fm.contentsOfDirectory(atPath: dir)
        #expect(left.filter { $0.hasPrefix("note-") }.count == 40)
        #expect(left.contains("1999-01-01T000000Z") && foreign.intact)
        let ours = left.filter { ReportPublisher.isArchiveName($0) && SafeFS.kind(dir + "/" + $0) == .folder }.sorted()
        #expect(ours.count == 2)
        #expect(!ours.contains("2000-01-01T000000Z"))
        #expect(
            ours.first == "2000-01-05T000000Z"
                && fm.contents(atPath: dir + "/" + (ours.last ?? "") + "/summary.json") == Data("v0".utf8))
    }

    // MARK: case 2 — replace only what we write

    @Test("analyze --out DIR over a year folder with files it did not write: they stay, ours are replaced")
    func analyzeKeepsForeignFiles() throws {
        let n = try Night()
        let out = n.dir + "/out"
        #expect(try runSpend(["analyze", "--config", n.config, "--out", out]).code == 0)
        let notes = writeFile("our own notes\n", name: "notes.txt", in: out + "/2022")
        try fm.createDirectory(atPath: out + "/2022/attachments", withIntermediateDirectories: true)
        let scan = writeFile("%PDF\n", name: "scan.pdf", in: out + "/2022/attachments")
        try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/dump2.csv", toPath: n.dir + "/dumps/dump2.csv")
        let r = try runSpend(["analyze", "--config", n.config, "--out", out])
        #expect(r.code == 0, "\(r.err)")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "our own notes\n")
        #expect(try String(contentsOfFile: scan, encoding: .utf8) == "%PDF\n")
        #expect(try String(contentsOfFile: out + "/2022/summary.json", encoding: .utf8).contains("\"duplicates\": 1"))
        // the same dumps again: nothing changes, not even a modification time
        let mtime = try fm.attributesOfItem(atPath: out + "/2022/summary.json")[.modificationDate] as? Date
        let again = try runSpend(["analyze", "--config", n.config, "--out", out, "--verbose"])
        #expect(again.err.contains("unchanged, left as they were: 2022, spend.sqlite"))
        #expect(try fm.attributesOfItem(atPath: out + "/2022/summary.json")[.modificationDate] as? Date == mtime)
        #expect(fm.fileExists(atPath: notes))
    }

    // MARK: case 3 — one set

    @Test(
        "SIGKILL at each step of the swap: a run that stops right after recovering leaves the whole new set, archives complete",
        arguments: [
            ("publish-journal", false), ("publish", false), ("publish-aside", true), ("publish-archive", false),
        ])
    func killedSwap(point: String, twoRenames: Bool) throws {
        let n = try Night()
        add2021(n)
        #expect(try n.run().code == 0)
        let before = n.snapshot()
        #expect(before.keys.contains("2021/summary.json") && before.keys.contains("2022/summary.json"))
        add2021(n, name: "dump3.csv", rows: ["B2;W2;2021-05-01;Tele2 Sverige AB;556410-8917;1200;74311;900,00;OK"])
        try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/dump2.csv", toPath: n.dir + "/dumps/dump2.csv")
        var env = ["SPEND_CRASH_AT": point]
        if twoRenames { env["SPEND_NO_RENAME_EXCHANGE"] = "1" }
        #expect(try n.run(env: env).code == 128 + SIGKILL)
        let torn = n.snapshot()
        if point == "publish" {  // 2021 from the new run beside 2022 from the old: what recovery must complete
            #expect(
                torn["2021/summary.json"] != before["2021/summary.json"]
                    && torn["2022/summary.json"] == before["2022/summary.json"])
        }
        if point == "publish-aside" {
            #expect(!fm.fileExists(atPath: n.reports + "/2021") && fm.fileExists(atPath: n.reports + "/.previous-2021"))
        }
        // the next run recovers under the lock, then fails on its input before publishing anything of its own
        let next = try n.run(["--invoices", n.dir + "/dumps/missing.csv"])
        #expect(next.code == 66)
        let expected = n.dir + "/expected"
        #expect(try runSpend(["analyze", "--config", n.config, "--out", expected]).code == 0)
        let now = n.snapshot()
        #expect(now.keys.sorted() == before.keys.sorted())
        for (k, v) in now { #expect(fm.contents(atPath: expected + "/" + k) == v, "\(k) is not from the new run") }
        #expect(n.leftovers().isEmpty)
        for (entry, file) in [("2021", "/summary.json"), ("2022", "/summary.json"), ("spend.sqlite", "")] {
            let kept = try fm.contentsOfDirectory(atPath: n.reports + "/archive/" + entry)
            #expect(kept.count == 1)
            let old = entry == "spend.sqlite" ? "spend.sqlite" : entry + file
            #expect(
                fm.contents(atPath: n.reports + "/archive/" + entry + "/" + (kept.first ?? "") + file) == before[old])
        }
        #expect(next.err.contains("completed the publish of 2021, 2022, spend.sqlite"))
    }

    @Test("three runs within one UTC second: both replaced versions are archived under names of their own")
    func sameSecond() throws {
        let out = tempDir() + "/Reports"
        let second = Date(timeIntervalSince1970: 1_700_000_000)
        for v in 0..<3 {
            let p = try ReportPublisher(outDir: out)
            p.archive = true
            p.now = { second }
            try p.write(Array("v\(v)".utf8), to: "2022/summary.json")
            try p.publish()
        }
        let dir = out + "/archive/2022"
        #expect(try fm.contentsOfDirectory(atPath: dir).sorted() == ["2023-11-14T221320Z", "2023-11-14T221320Z-02"])
        #expect(fm.contents(atPath: dir + "/2023-11-14T221320Z/summary.json") == Data("v0".utf8))
        #expect(fm.contents(atPath: dir + "/2023-11-14T221320Z-02/summary.json") == Data("v1".utf8))
        #expect(fm.contents(atPath: out + "/2022/summary.json") == Data("v2".utf8))
    }

    @Test(
        "a reader polling Reports/2022/summary.json during 40 publishes never finds it missing (renameat2 exchange)",
        .enabled(if: SafeFS.canExchange))
    func readerNeverMissesPath() throws {
        let out = tempDir() + "/Reports"
        final class Flag: @unchecked Sendable { var stop = false; var misses = 0; var reads = 0 }
        let flag = Flag()
        let path = out + "/2022/summary.json"
        let reader = Thread {
            while !flag.stop {
                var st = stat()
                if stat(path, &st) != 0 && flag.reads > 0 { flag.misses += 1 }
                if stat(path, &st) == 0 { flag.reads += 1 }
            }
        }
        for v in 0..<40 {
            let p = try ReportPublisher(outDir: out)
            try p.write(Array("v\(v)".utf8), to: "2022/summary.json")
            try p.publish()
            if v == 0 { reader.start() }
        }
        flag.stop = true
        #expect(flag.reads > 0)
        #expect(flag.misses == 0)
    }

    @Test("the journal reads back what it wrote, and a garbled one is no journal")
    func journalRoundTrip() {
        let j = PublishJournal(
            entries: [
                .init(name: "2022", id: .init(dev: 2049, ino: 77)),
                .init(name: "spend.sqlite", id: .init(dev: 2049, ino: 78)),
            ],
            archiveKeep: 30, stamp: "2024-01-02T030405Z")
        #expect(PublishJournal.parse(String(decoding: j.encoded(), as: UTF8.self)) == j)
        #expect(PublishJournal.parse("spend publish journal 1\nstamp x\nentry 1 2 ../etc\n") == nil)
        #expect(PublishJournal.parse("something else\n") == nil)
    }

    // MARK: case 4 — never less without saying so

    @Test("a year folder this run does not produce stays, with a warning naming it")
    func yearNotProduced() throws {
        let n = try Night()
        add2021(n)
        #expect(try n.run().code == 0)
        let before = n.snapshot().filter { $0.key.hasPrefix("2021/") }
        try fm.removeItem(atPath: n.dir + "/dumps/dump0.csv")
        let r = try n.run()
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("Reports/2021: not produced by this run"))
        #expect(n.snapshot().filter { $0.key.hasPrefix("2021/") } == before)
        #expect(!before.isEmpty)
    }

    @Test("a database with lines is not replaced by one without: exit 65, the reports as they were")
    func emptyDatabaseRun() throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let before = n.snapshot()
        let header = try String(contentsOfFile: n.dir + "/dumps/dump1.csv", encoding: .utf8).split(separator: "\n")[0]
        _ = writeFile(header + "\n", name: "dump1.csv", in: n.dir + "/dumps")
        let r = try n.run()
        #expect(r.code == 65)
        #expect(n.snapshot() == before)
        #expect(n.leftovers().isEmpty)
    }

    @Test("the publisher's own guard: an empty staged database over one with lines throws exit 65 naming it")
    func emptyDatabaseGuard() throws {
        let out = tempDir() + "/Reports"
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: out + "/spend.sqlite")
        try old.write { try $0.execute(sql: "CREATE TABLE lines (x); INSERT INTO lines VALUES (1)") }
        try old.close()
        let bytes = fm.contents(atPath: out + "/spend.sqlite")
        let p = try ReportPublisher(outDir: out)
        let staged = try DatabaseQueue(path: try p.stagedPath("spend.sqlite"))
        try staged.write { try $0.execute(sql: "CREATE TABLE lines (x)") }
        try staged.close()
        #expect(throws: PublishError.emptyDatabase(path: out + "/spend.sqlite")) { try p.publish() }
        #expect(PublishError.emptyDatabase(path: "x").exitCode == 65)
        #expect(fm.contents(atPath: out + "/spend.sqlite") == bytes)
    }

    @Test("a replaced database is archived like a year folder")
    func databaseArchived() throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let old = n.snapshot()["spend.sqlite"]
        try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/dump2.csv", toPath: n.dir + "/dumps/dump2.csv")
        #expect(try n.run().code == 0)
        let kept = try fm.contentsOfDirectory(atPath: n.reports + "/archive/spend.sqlite")
        #expect(kept.count == 1 && kept[0].hasSuffix(".sqlite"))
        #expect(fm.contents(atPath: n.reports + "/archive/spend.sqlite/" + kept[0]) == old)
        #expect(n.snapshot()["spend.sqlite"] != old)
    }

    @Test(
        "files are the same only byte for byte: one byte changed anywhere differs; empty files are the same",
        arguments: [0, 1, 4 << 20 - 1, 4 << 20, 6 << 20, 8 << 20])
    func sameBytes(at changed: Int) throws {
        let dir = tempDir()
        var bytes = [UInt8](repeating: 0, count: 8 << 20 + 1)  // two whole windows of 4 MB and a byte
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 9) }
        let a = writeFile(bytes, name: "a", in: dir), same = writeFile(bytes, name: "same", in: dir)
        var other = bytes
        other[changed] ^= 0x20
        let b = writeFile(other, name: "b", in: dir)
        let shorter = writeFile(Array(bytes.dropLast()), name: "short", in: dir)
        #expect(SafeFS.sameContent(a, same))
        #expect(!SafeFS.sameContent(a, b) && !SafeFS.sameContent(b, a), "a byte changed at \(changed)")
        #expect(!SafeFS.sameContent(a, shorter) && !SafeFS.sameContent(shorter, a))
        let empty = writeFile([UInt8](), name: "empty", in: dir), alsoEmpty = writeFile([UInt8](), name: "e2", in: dir)
        #expect(SafeFS.sameContent(empty, alsoEmpty) && !SafeFS.sameContent(empty, a) && !SafeFS.sameContent(a, empty))
    }
}
