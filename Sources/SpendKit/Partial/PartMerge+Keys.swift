/// The check that a sharded run dropped its duplicates across shards (`spend partial --earlier`, the second stage):
/// after it, no duplicate key stands in two parts. A shard that skipped that stage would count its repeats of an
/// earlier shard's lines twice, with every figure still adding up.
extension PartMerge {
    /// Keys found in two parts: for the first later part that holds any, its index, the earlier parts that hold
    /// them too, and how many of its keys they hold.
    struct KeyOverlap: Equatable {
        var later: Int
        var earlier: [Int]
        var keys: Int
    }

    /// Where the parts' ascending key lists (in the run's order) meet, if they do.
    /// - Complexity: O(n log p) for n keys in p parts; no memory beyond the lists.
    static func overlap(_ parts: [[UInt64]]) -> KeyOverlap? {
        var cursor = [Int](repeating: 0, count: parts.count)
        var heap: [(key: UInt64, part: Int)] = []
        func before(_ a: (key: UInt64, part: Int), _ b: (key: UInt64, part: Int)) -> Bool {
            a.key != b.key ? a.key < b.key : a.part < b.part
        }
        func push(_ e: (key: UInt64, part: Int)) {
            heap.append(e)
            var i = heap.count - 1
            while i > 0, before(heap[i], heap[(i - 1) / 2]) { heap.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        func pop() -> (key: UInt64, part: Int) {
            let top = heap[0]
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, before(heap[l], heap[m]) { m = l }
                if r < heap.count, before(heap[r], heap[m]) { m = r }
                if m == i { return top }
                heap.swapAt(i, m)
                i = m
            }
        }
        for (p, keys) in parts.enumerated() where !keys.isEmpty { push((keys[0], p)) }
        var found: [Int: (earlier: Set<Int>, keys: Int)] = [:]
        var previous: (key: UInt64, part: Int)?
        while !heap.isEmpty {
            let e = pop()
            cursor[e.part] += 1
            if cursor[e.part] < parts[e.part].count { push((parts[e.part][cursor[e.part]], e.part)) }
            if let p = previous, p.key == e.key {
                found[e.part, default: ([], 0)].earlier.insert(p.part)  // `previous` stays the key's first part
                found[e.part]!.keys += 1
                continue
            }
            previous = e
        }
        guard let later = found.keys.min(), let (earlier, keys) = found[later] else { return nil }
        return KeyOverlap(later: later, earlier: earlier.sorted(), keys: keys)
    }

    /// Keys a part was given as earlier shards' (`--earlier`) that the part holding the file they name does not
    /// hold: for the first such part, its index and how many; its lines with them were dropped as repeats of lines
    /// no part counts. `files` is each part's range of the run's files.
    static func strayEarlier(_ given: [[(key: UInt64, file: Int)]], keys: [[UInt64]], files: [Range<Int>])
        -> (part: Int, keys: Int, example: (key: UInt64, file: Int))?
    {
        for (j, records) in given.enumerated() {
            var stray = 0
            var example: (key: UInt64, file: Int)?
            for r in records {
                guard let i = files.firstIndex(where: { $0.contains(r.file) }), i < j,
                    holds(keys[i], r.key)
                else {
                    stray += 1
                    if example == nil { example = r }
                    continue
                }
            }
            if let example { return (j, stray, example) }
        }
        return nil
    }

    /// Whether the ascending `keys` hold `k`.
    private static func holds(_ keys: [UInt64], _ k: UInt64) -> Bool {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < k { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == k
    }
}
