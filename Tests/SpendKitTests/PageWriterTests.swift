import Foundation
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
}
