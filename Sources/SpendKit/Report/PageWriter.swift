import Foundation

/// Writes buffers of whole pages at their file offsets on a thread of its own, so `SQLiteTableWriter` builds the next
/// pages while the kernel copies the last ones into the page cache (on a 5-million-line ledger about as long as
/// building them). Buffers come from a fixed pool: at most `depth - 1` are in flight while one is filled.
/// - Complexity: memory `depth` buffers of `capacity` bytes.
final class PageWriter: @unchecked Sendable {  // `free` and `failure` under `pool`; a buffer is the queue's in flight
    let path: String
    let capacity: Int
    private let fd: Int32
    private let queue = DispatchQueue(label: "spend.sqlite.pages")
    /// Guards `free` and `failure`; signalled when a buffer is back.
    private let pool = NSCondition()
    private var free: [UnsafeMutableRawPointer]
    private let all: [UnsafeMutableRawPointer]
    /// The first write that failed: why.
    private var failure: String?

    init(path: String, fd: Int32, capacity: Int, depth: Int = 3) {
        precondition(depth >= 2)
        self.path = path
        self.fd = fd
        self.capacity = capacity
        all = (0..<depth).map { _ in .allocate(byteCount: capacity, alignment: 4096) }
        free = all
    }

    deinit {
        for b in all { b.deallocate() }  // no write is in flight: each holds the writer until it is done
    }

    /// An empty buffer of `capacity` bytes to fill; waits while the others are in flight (its caller's thread blocks:
    /// a table writer's, never one of Swift's concurrency pool).
    func take() -> UnsafeMutableRawPointer {
        pool.lock(); defer { pool.unlock() }
        while free.isEmpty { pool.wait() }
        return free.removeLast()
    }

    /// Writes the buffer's first `count` bytes at `offset` on the writer's thread, then returns it to the pool;
    /// throws an earlier write's failure.
    func submit(_ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws {
        try check()
        let address = UInt(bitPattern: buffer)  // the buffer is the writer's until it is back in the pool
        queue.async { [self] in
            let buffer = UnsafeMutableRawPointer(bitPattern: address)!
            let why = pwriteAll(fd, UnsafeRawBufferPointer(start: buffer, count: count), at: offset)
            pool.lock()
            if failure == nil { failure = why }
            free.append(buffer)
            pool.signal()
            pool.unlock()
        }
    }

    /// Gives a buffer taken but not submitted back to the pool.
    func giveBack(_ buffer: UnsafeMutableRawPointer) {
        pool.lock()
        free.append(buffer)
        pool.signal()
        pool.unlock()
    }

    /// Waits until every submitted buffer is written; throws the first failure.
    func wait() throws {
        queue.sync {}
        try check()
    }

    private func check() throws {
        pool.lock(); defer { pool.unlock() }
        if let failure { throw RunError.cannotWrite(path: path, reason: failure) }
    }
}
