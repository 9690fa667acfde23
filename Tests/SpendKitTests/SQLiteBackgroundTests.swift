import Foundation
import Testing

@testable import SpendKit

/// The database written on its own thread (`SQLiteOutput+Background.swift`): a write that fails there fails the
/// run's wait, naming the database, and nothing after it is written.
@Suite struct SQLiteBackgroundTests {
    @Test("a write failing on the database's thread is thrown by wait, naming the database")
    func failureReachesTheRun() throws {
        let data = SQLiteFastPathTests.data
        var o = RunOptions()
        o.invoices = [data + "/ledger/proceedo-2020.csv", data + "/ledger/proceedo-2021.csv"]
        o.profile = "proceedo"
        o.rules = data + "/regler.csv"
        o.contracts = data + "/avtal.csv"
        o.organisation = data + "/organisation.csv"
        o.settings.category = "IT och telekom"
        let path = tempDir() + "/spend.sqlite"
        let (ing, profile) = try Pipeline.ingestor(o)
        let a = try Pipeline.analyzer(o)
        let db = try SQLiteOutput(path: path, rules: a.classifier?.table, contracts: a.contracts)
        // The lines' writer's descriptor made read-only underneath it: every page it writes fails (EBADF).
        let readOnly = open(path, O_RDONLY)
        #expect(dup2(readOnly, db.facts.fd) == db.facts.fd)
        close(readOnly)
        try ing.ingest(paths: o.invoices, profile: profile, into: a, threads: 2, database: db)
        #expect(ing.counts.accepted > 10_000)  // the reading went on while the database's thread failed
        db.settle()
        #expect(db.failure != nil)  // the lines' writes failed there, before the last tables were given
        let written = db.lineCount
        db.finishLater(
            files: ing.files, info: ing.fileInfo, counts: ing.counts, rejects: ing.rejects, contracts: a.contracts,
            organisation: a.organisation, category: o.settings.category)
        #expect {
            try db.wait()
        } throws: { e in
            guard case RunError.cannotWrite(let p, let reason) = e else { return false }
            return p == path && !reason.isEmpty
        }
        #expect(throws: RunError.self) { try db.wait() }  // and again: the failure stays
        #expect(db.lineCount == written)  // nothing written after the failure
    }
}
