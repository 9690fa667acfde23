import Foundation
import GRDB
import Testing

@testable import SpendKit

/// The record bytes the database's lines are made of, read back by SQLite itself: integers at every width's edges
/// (`SQLiteRecord.put`'s one unaligned store) and days written as text (`SQLiteRecord.day`'s digit pairs).
@Suite struct SQLiteRecordTests {
    static let edges: [Int64] = {
        var v: [Int64] = [0, 1, 2, -1, -2, Int64.min, Int64.max]
        for bits in [7, 15, 23, 31, 47] {
            let top = Int64(1) << bits
            v += [top - 1, top, -top, -top - 1]
        }
        return v
    }()

    @Test("integers of every width and days as text read back from the table as they were written")
    func readsBack() throws {
        let path = tempDir() + "/r.sqlite"
        var root: UInt32 = 0, pageSize = 0, pages = 0
        do {
            let q = try DatabaseQueue(path: path)
            try q.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA auto_vacuum = NONE; PRAGMA encoding = 'UTF-8'; PRAGMA page_size = 4096")
                try db.execute(sql: "CREATE TABLE t(n INTEGER, d TEXT)")
                root = try UInt32.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 't'")!
                pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size")!
                pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            }
            try q.close()
        }
        // Every day from 1900 to 2199 in steps of 37 days, each beside one of the edges.
        var days: [Day] = []
        var d = Day(year: 1900, month: 1, day: 1)!.ordinal
        while let day = Day(ordinal: d), day.year <= 2199 {
            days.append(day)
            d += 37
        }
        days.append(Day(year: 2199, month: 12, day: 31)!)
        let w = try SQLiteTableWriter(path: path, pageSize: pageSize, root: root, pageCount: UInt32(pages))
        let r = SQLiteRecord()
        var text = [UInt8](repeating: 0, count: 10)
        for (i, day) in days.enumerated() {
            r.reset()
            r.int(SQLiteRecordTests.edges[i % SQLiteRecordTests.edges.count])
            text.withUnsafeMutableBufferPointer { SQLiteRecord.day(day, at: $0.baseAddress!) }
            text.withUnsafeBufferPointer { r.text($0) }
            #expect(try w.append(rowid: Int64(i + 1), types: r.typeBytes, body: r.bodyBytes))
        }
        try w.finish()
        let q = try DatabaseQueue(path: path)
        let rows = try q.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            return try Row.fetchAll(db, sql: "SELECT n, d FROM t ORDER BY rowid")
        }
        #expect(rows.count == days.count)
        for (i, row) in rows.enumerated() {
            #expect(row["n"] as Int64 == SQLiteRecordTests.edges[i % SQLiteRecordTests.edges.count])
            #expect(row["d"] as String == days[i].description)
        }
    }
}
