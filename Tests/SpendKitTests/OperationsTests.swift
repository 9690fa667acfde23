import Foundation
import Testing

@testable import SpendKit

/// The bad nights of the cron job: each ends with the documented exit code, the previous reports intact, and
/// nothing half-written left behind.
@Suite("spend run: faults", .serialized)
struct OperationsTests {
    /// A reports setup on the hand-made fixtures: `dumps/dump1.csv`, rules, contracts, organisation map, config.
    struct Night {
        let dir = tempDir()
        var config: String { dir + "/spend.toml" }
        var reports: String { dir + "/Reports" }

        init(maxRejects: Double = 0.001) throws {
            let fm = FileManager.default
            try fm.createDirectory(atPath: dir + "/dumps", withIntermediateDirectories: true)
            try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/dump1.csv", toPath: dir + "/dumps/dump1.csv")
            for f in ["regler.csv", "avtal.csv", "organisation.csv"] {
                try fm.copyItem(atPath: repoRoot + "/Fixtures/analysis/" + f, toPath: dir + "/" + f)
            }
            _ = writeFile(
                """
                [input]
                invoices = ["dumps/*.csv", "dumps/*.csv.gz"]
                max_rejects = \(maxRejects)
                [reference]
                rules = "regler.csv"
                contracts = "avtal.csv"
                organisation = "organisation.csv"
                [analysis]
                category = "IT"
                [output]
                dir = "Reports"
                formats = ["json", "csv", "md", "sqlite"]
                """, name: "spend.toml", in: dir)
        }

        func run(_ extra: [String] = [], env: [String: String] = [:]) throws -> (code: Int32, out: String, err: String)
        {
            try runSpend(["run", "--config", config] + extra, env: env)
        }

        /// Every file under Reports (but the lock and the archive) with its bytes.
        func snapshot() -> [String: Data] {
            var out: [String: Data] = [:]
            let e = FileManager.default.enumerator(atPath: reports)
            while let f = e?.nextObject() as? String {
                guard !f.hasPrefix("archive"), !f.hasPrefix("failed"), !f.hasPrefix(".") else { continue }
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: reports + "/" + f, isDirectory: &isDir), !isDir.boolValue {
                    out[f] = FileManager.default.contents(atPath: reports + "/" + f)
                }
            }
            return out
        }

        /// Staging folders, set-aside folders and temporary files: what a run must never leave behind.
        func leftovers() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: reports)) ?? []).filter {
                $0.hasPrefix(".staging-") || $0.hasPrefix(".previous-") || $0.contains(".tmp-")
            }
        }
    }

    @Test("a good night, then the same dumps again: not one byte changes; a new dump only adds its lines")
    func repeatAndAdd() throws {
        let n = try Night()
        let first = try n.run()
        #expect(first.code == 0, "\(first.err)")
        #expect(first.err.contains("9 rows read = 9 accepted + 0 rejected + 0 excluded + 0 duplicates"))
        let before = n.snapshot()
        #expect(before.keys.contains("2022/summary.json") && before.keys.contains("spend.sqlite"))
        let mtime =
            try FileManager.default.attributesOfItem(atPath: n.reports + "/2022/summary.json")[.modificationDate]
            as? Date
        let again = try n.run(["--verbose"])
        #expect(again.code == 0)
        #expect(again.err.contains("unchanged, left as they were: 2022, spend.sqlite"))
        #expect(n.snapshot() == before)
        #expect(
            try FileManager.default.attributesOfItem(atPath: n.reports + "/2022/summary.json")[.modificationDate]
                as? Date == mtime)

        // dump2 repeats T1 (a duplicate) and adds T3 (100,00 on account 74311)
        try FileManager.default.copyItem(
            atPath: repoRoot + "/Fixtures/analysis/dump2.csv", toPath: n.dir + "/dumps/dump2.csv")
        let third = try n.run()
        #expect(third.code == 0)
        #expect(third.err.contains("11 rows read = 10 accepted + 0 rejected + 0 excluded + 1 duplicates"))
        #expect(n.leftovers().isEmpty)
        #expect(FileManager.default.fileExists(atPath: n.reports + "/archive/2022"))
    }

    @Test("a dump truncated mid-line: the row is a listed reject; above max_rejects exit 65 and the reports stay")
    func truncated() throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let before = n.snapshot()
        let dump = n.dir + "/dumps/dump1.csv"
        var text = try String(contentsOfFile: dump, encoding: .utf8)
        text += "X9;V99;2022-05-01;Atea Sverige AB;556036-0793;11"
        try text.write(toFile: dump, atomically: true, encoding: .utf8)
        let r = try n.run()
        #expect(r.code == 65)
        #expect(r.err.contains("1 of 10 rows rejected, above the limit"))
        #expect(r.err.contains("  1 × expected 9 fields, found 6 (first: \(dump):11)\n"), "\(r.err)")
        // a reason that quotes a value shows the first row's (masked) beside its kind
        #expect(
            FailedRun.summary(
                RowIssues([
                    RowIssue(file: "d.csv", line: 3, reason: "amount does not parse: '12x 790619-7442'"),
                    RowIssue(file: "d.csv", line: 5, reason: "amount does not parse: '1,2,3'"),
                ])) == ["2 × amount does not parse: '…' (first: d.csv:3, '12x 790619-****')"])
        // named as the year's rejects.csv names them: relative to the config file
        let kept = try String(contentsOfFile: n.reports + "/failed/rejects.csv", encoding: .utf8)
        #expect(kept.contains("\ndumps/dump1.csv;11;expected 9 fields, found 6") && !kept.contains(n.dir), "\(kept)")
        #expect(n.snapshot() == before)
        #expect(n.leftovers().isEmpty)

        let tolerant = try n.run(["--max-rejects", "0.5"])
        #expect(tolerant.code == 0)
        #expect(tolerant.err.contains("spend: warning: \(dump):11:"))
        let rejects = try String(contentsOfFile: n.reports + "/2022/rejects.csv", encoding: .utf8)
        #expect(rejects.contains("dump1.csv;11;"))
        // The failure's rejects went with the successful run: beside fresh reports they would mislead.
        #expect(!FileManager.default.fileExists(atPath: n.reports + "/failed"))
    }

    @Test("a dump that disappears between listing and reading: exit 66, reports intact")
    func vanished() throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let before = n.snapshot()
        // the glob lists the link, the read finds nothing behind it
        #expect(symlink(n.dir + "/gone.csv", n.dir + "/dumps/dump0.csv") == 0)
        let r = try n.run()
        #expect(r.code == 66)
        #expect(r.err.contains("dump0.csv"))
        #expect(n.snapshot() == before)
        #expect(n.leftovers().isEmpty)
    }

    @Test("an output directory that cannot be written: exit 73")
    func unwritable() throws {
        let n = try Night()
        _ = writeFile("not a folder", name: "file", in: n.dir)
        let r = try n.run(["--out", n.dir + "/file/Reports"])
        #expect(r.code == 73)
        #expect(r.err.contains("file/Reports: cannot write"))
    }

    @Test("a lock held by a live run: exit 75 at once, nothing touched")
    func liveLock() throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let before = n.snapshot()
        let fd = open(n.reports + "/.spend.lock", O_RDWR)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = "4242\n".withCString { pwrite(fd, $0, 5, 0) }
        let start = Date()
        let r = try n.run()
        flock(fd, LOCK_UN); close(fd)
        #expect(r.code == 75)
        #expect(r.err.contains("another run (pid 4242) holds the lock"))
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(n.snapshot() == before)
    }

    @Test("a lock file left by a dead run is taken over")
    func staleLock() throws {
        let n = try Night()
        try FileManager.default.createDirectory(atPath: n.reports, withIntermediateDirectories: true)
        _ = writeFile("999999\n", name: ".spend.lock", in: n.reports)
        let r = try n.run()
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("took over the lock left by run 999999"))
        #expect(try String(contentsOfFile: n.reports + "/.spend.lock", encoding: .utf8).isEmpty)
    }

    @Test(
        "SIGKILL while writing, or while swapping the reports: the next run finds them intact and repairs",
        arguments: ["staging", "publish"])
    func killed(point: String) throws {
        let n = try Night()
        #expect(try n.run().code == 0)
        let before = n.snapshot()
        try FileManager.default.copyItem(
            atPath: repoRoot + "/Fixtures/analysis/dump2.csv", toPath: n.dir + "/dumps/dump2.csv")
        let killed = try n.run(env: ["SPEND_CRASH_AT": point])
        #expect(killed.code == 128 + SIGKILL)
        if point == "staging" { #expect(n.snapshot() == before) }
        if point == "publish" {
            #expect(
                FileManager.default.contents(atPath: n.reports + "/.previous-2022/summary.json")
                    == before["2022/summary.json"])
        }
        let next = try n.run()
        #expect(next.code == 0, "\(next.err)")
        #expect(n.leftovers().isEmpty)
        let json = try String(contentsOfFile: n.reports + "/2022/summary.json", encoding: .utf8)
        #expect(json.contains("\"duplicates\": 1"))
    }
}
