import Foundation
import Testing
@testable import SpendKit

/// Memory per distinct supplier (issue: hostile input, case 7): a million name-keyed suppliers must stay under
/// 256 MB. The test runs the binary on a ledger of distinct suppliers and on one of the same size with few, and
/// bounds the difference of their peak RSS per supplier; the product of a run is checked too, so the bound is not
/// met by dropping suppliers.
@Suite("Memory per supplier")
struct SupplierMemoryTests {
    static let lines = 60_000

    /// A ledger of `lines` category lines, each supplier's name `name(i)`; accounts 54610 (category) and 41000
    /// (unclassified) alternate, so both the category's and the unclassified books fill.
    static func ledger(_ path: String, name: (Int) -> String) throws {
        var s = "leverantor;datum;belopp;konto_nr\n"
        for i in 0..<lines { s += "\(name(i));2022-\(String(format: "%02d", i % 12 + 1))-15;\(100 + i % 997),00;\(i % 4 == 3 ? "41000" : "54610")\n" }
        try s.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Peak resident memory in KB of `spend args`, and its exit code.
    static func peakRSS(_ args: [String]) throws -> (code: Int32, kb: Int) {
        let bin = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/spend").path
        var pid: pid_t = 0
        let argv = ([bin] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let rc = posix_spawn(&pid, bin, &actions, nil, argv, environ)
        try #require(rc == 0, "posix_spawn: \(rc)")
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, usage.ru_maxrss)
    }

    @Test("distinct name-keyed suppliers cost under 256 bytes each, all of them in the reports")
    func perSupplier() throws {
        let dir = tempDir()
        _ = writeFile("kategori;underkategori;leverantor_orgnr;leverantor_namn;konto;text\nIT och telekom;IT-tjänster;;;54610;\n", name: "regler.csv", in: dir)
        try Self.ledger(dir + "/distinct.csv", name: { "Leverantör nummer \($0) i Sverige" })
        try Self.ledger(dir + "/few.csv", name: { "Leverantör nummer \($0 % 50) i Sverige" })
        func run(_ file: String) throws -> Int {
            let r = try Self.peakRSS(["analyze", "--invoices", dir + "/" + file + ".csv", "--profile", "leverantorsreskontra", "--rules", dir + "/regler.csv",
                                      "--category", "IT och telekom", "--out", dir + "/" + file, "--format", "json,csv", "--quiet"])
            #expect(r.code == 0)
            return r.kb
        }
        let few = try run("few"), distinct = try run("distinct")
        let suppliers = try String(contentsOfFile: dir + "/distinct/2022/suppliers.csv", encoding: .utf8).split(separator: "\r\n").count - 1
        let unclassified = Self.lines / 4
        #expect(suppliers == Self.lines - unclassified)
        let perSupplier = (distinct - few) * 1024 / Self.lines
        #expect(perSupplier < 256, "\(perSupplier) bytes per supplier (peak \(distinct) KB against \(few) KB)")
    }
}
