import Foundation

/// The byte ranges of one file being read by `ParallelReader`'s workers, and how far each reader has got: a worker
/// whose range is done takes the second half of the largest remainder, cut at a line start beyond what that range's
/// reader has already read, so a thread slowed by its data or by the host does not hold the whole run up.
///
/// The ranges stay a partition of the file in order: a split shortens one range and adds the rest as a new one
/// right after it. A reader asks for its limit before each block it scans (`limit`), claiming the bytes it holds;
/// a cut is only ever placed past a claim, so no record is read twice or left out. A cut is guessed, as the first
/// ones are, and checked the same way: the range before it must end exactly on it.
/// - Complexity: O(ranges) per split, one lock per block read.
final class RangeBoard: @unchecked Sendable {  // every access under `lock`
    private struct Entry {
        let start: Int
        var limit: Int
        /// The end of the bytes its reader holds: no cut at or before it.
        var claimed: Int
        /// Still read (not done, not overrun past its limit).
        var open = true
    }

    private var entries: [Entry]
    private var stopped = false
    /// The most ranges a file is cut into: each holds a kernel's books until the read is done (its invoice tally
    /// up to its budget a year), so splitting stops once the first imbalance is halved a few times.
    let maxRanges: Int
    private let lock = NSLock()

    /// Ranges starting at `starts` (in order), the last one ending at `size`; splits add up to three as many.
    init(starts: [Int], size: Int) {
        entries = starts.indices.map { i in
            Entry(start: starts[i], limit: i + 1 < starts.count ? starts[i + 1] : size, claimed: starts[i])
        }
        maxRanges = 4 * starts.count
    }

    /// The start of range `i`.
    func start(_ i: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        return entries[i].start
    }

    /// The ranges so far (indices 0..<count, in the order they were made).
    var count: Int {
        lock.lock(); defer { lock.unlock() }
        return entries.count
    }

    /// Range `i`'s limit now, its reader holding the bytes up to `end`.
    func limit(_ i: Int, claiming end: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        entries[i].claimed = max(entries[i].claimed, end)
        return entries[i].limit
    }

    /// The first range start at or after `offset` (`Int.max`: none), for a reader that ran over its cut.
    func nextStart(from offset: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        return entries.lazy.map(\.start).filter { $0 >= offset }.min() ?? .max
    }

    /// Range `i` is no longer split: done, or overrun (its reader reads on to a later range's start or the end).
    func close(_ i: Int) {
        lock.lock(); defer { lock.unlock() }
        entries[i].open = false
    }

    /// No more splits: a worker failed, so the run's results are dropped.
    func stop() {
        lock.lock(); defer { lock.unlock() }
        stopped = true
    }

    /// Splits the open range with the most bytes left unread when half of them is at least `minimum`: the new
    /// range's index, or nil. `lineStart` gives the start of the first line after an offset (a guess, as the
    /// first cuts are), read outside the lock.
    func split(minimum: Int, lineStart: (Int) -> Int) -> Int? {
        for _ in 0..<4 {  // a claim may pass the cut while it is looked for: try again from the new claim
            lock.lock()
            var best = -1, left = 0
            for (i, e) in entries.enumerated() where e.open && e.limit - e.claimed > left {
                best = i
                left = e.limit - e.claimed
            }
            guard !stopped, entries.count < maxRanges, best >= 0, left / 2 >= minimum else {
                lock.unlock()
                return nil
            }
            let middle = entries[best].claimed + left / 2
            lock.unlock()
            let cut = lineStart(middle)
            lock.lock()
            defer { lock.unlock() }
            let e = entries[best]
            guard !stopped, e.open, cut > e.claimed, cut < e.limit else { continue }
            entries[best].limit = cut
            entries.append(Entry(start: cut, limit: e.limit, claimed: cut))
            return entries.count - 1
        }
        return nil
    }
}
