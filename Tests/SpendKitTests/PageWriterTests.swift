import Foundation
import GRDB
import Synchronization
import Testing

@testable import SpendKit

@Suite struct PageWriterTests {
    @Test("buffers written on the writer's thread land at their offsets, more of them than the pool holds")
    func writesAtOffsets() throws {
        let path = writeFile([UInt8](), name: "pages", in: tempDir())
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        let capacity = 4096, count = 10
        var expected = [UInt8](repeating: 0, count: capacity * count)
        do {
            let w = PageWriter(path: path, fd: fd, capacity: capacity, depth: 2)
            // Pieces in an order other than the file's: each lands where it says.
            for k in [3, 0, 9, 1, 2, 8, 4, 7, 5, 6] {
                let b = w.take()
                for i in 0..<capacity {
                    let v = UInt8(truncatingIfNeeded: k &* 37 &+ i)
                    b.storeBytes(of: v, toByteOffset: i, as: UInt8.self)
                    expected[k * capacity + i] = v
                }
                try w.submit(b, count: capacity, at: k * capacity)
            }
            try w.wait()
        }
        #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == expected)
    }

    @Test("a write that fails is thrown, naming the file, by the next submit or wait")
    func failureIsThrown() throws {
        let path = writeFile([UInt8](), name: "pages", in: tempDir())
        let fd = open(path, O_RDONLY)  // pwrite fails: EBADF
        defer { close(fd) }
        let w = PageWriter(path: path, fd: fd, capacity: 512)
        try w.submit(w.take(), count: 512, at: 0)
        #expect {
            try w.wait()
        } throws: { e in
            guard case RunError.cannotWrite(let p, let reason) = e else { return false }
            return p == path && !reason.isEmpty
        }
        #expect(throws: RunError.self) { try w.submit(w.take(), count: 512, at: 512) }
    }

    @Test("take waits while every buffer is in flight, and goes on when one is back")
    func takeWaitsForABuffer() throws {
        let path = writeFile([UInt8](), name: "pages", in: tempDir())
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        let w = PageWriter(path: path, fd: fd, capacity: 512, depth: 2)
        let first = w.take(), second = w.take()
        let taken = DispatchSemaphore(value: 0)
        let third = Mutex<UInt>(0)  // the buffer's address once the third take returns
        Thread.detachNewThread {
            let b = w.take()
            third.withLock { $0 = UInt(bitPattern: b) }
            taken.signal()
        }
        #expect(taken.wait(timeout: .now() + 0.2) == .timedOut)  // both buffers out: the third take waits
        #expect(third.withLock { $0 } == 0)
        w.giveBack(first)
        #expect(taken.wait(timeout: .now() + 10) == .success)
        #expect(third.withLock { $0 } == UInt(bitPattern: first))
        w.giveBack(second)
        w.giveBack(first)
        try w.wait()
    }

    @Test("a page write that fails on the writer's thread fails the table writer, naming the database")
    func tableWriterThrowsABackgroundFailure() throws {
        let path = tempDir() + "/t.sqlite"
        var root: UInt32 = 0, pageSize = 0, pages = 0
        do {
            let q = try DatabaseQueue(path: path)
            try q.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA auto_vacuum = NONE; PRAGMA encoding = 'UTF-8'; PRAGMA page_size = 4096")
                try db.execute(sql: "CREATE TABLE t(a TEXT)")
                root = try UInt32.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 't'")!
                pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size")!
                pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            }
            try q.close()
        }
        let w = try SQLiteTableWriter(path: path, pageSize: pageSize, root: root, pageCount: UInt32(pages))
        // The writer's descriptor made read-only underneath it: every pwrite of its pages fails (EBADF).
        let readOnly = open(path, O_RDONLY)
        #expect(dup2(readOnly, w.fd) == w.fd)
        close(readOnly)
        let text = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
        let types: [UInt8] = [UInt8(13 + 2 * text.count)]  // one TEXT of 100 bytes (serial type 213 fits a byte)
        // About 2 700 pages: ten 1 MB buffers. With three in the pool, the fourth waits for a written (failed) one,
        // so a later append must throw: only the writer's thread wrote by then, `finish` is never reached.
        #expect {
            for rowid in 1...100_000 {
                _ = try types.withUnsafeBufferPointer { t in
                    try text.withUnsafeBufferPointer { try w.append(rowid: Int64(rowid), types: t, body: $0) }
                }
            }
        } throws: { e in
            guard case RunError.cannotWrite(let p, let reason) = e else { return false }
            return p == path && !reason.isEmpty
        }
    }
}
