/// Aho–Corasick over UTF-8 bytes: finds every needle of a rule table in a text in one pass, so the cost of the
/// name and text conditions does not grow with the number of rules.
///
/// - Complexity: building O(total needle bytes × alphabet); scanning O(text bytes + matches). Bytes that occur in
///   no needle share one class, so the table is states × (distinct needle bytes + 1).
public struct SubstringAutomaton: Sendable {
    /// Dense transition table: `next[state * width + class]`.
    private var next: [Int32] = []
    private var classOf = [Int32](repeating: 0, count: 256)
    private var width = 1
    /// Needle ids ending at each state, following failure links (flattened: `outStart[s]..<outStart[s+1]`).
    private var outStart: [Int32] = []
    private var outIDs: [Int32] = []
    public let count: Int

    public init(_ needles: [[UInt8]]) {
        count = needles.count
        for n in needles { for b in n where classOf[Int(b)] == 0 { classOf[Int(b)] = Int32(width); width += 1 } }
        let width = width, classOf = classOf
        var trie: [[Int32]] = [Array(repeating: -1, count: width)]
        var ends: [[Int32]] = [[]]
        for (id, n) in needles.enumerated() {
            var s = 0
            for byte in n {
                let b = Int(classOf[Int(byte)])
                if trie[s][b] < 0 {
                    trie[s][b] = Int32(trie.count)
                    trie.append(Array(repeating: -1, count: width))
                    ends.append([])
                }
                s = Int(trie[s][b])
            }
            ends[s].append(Int32(id))
        }
        // Breadth-first: failure links, and missing transitions filled in, giving a DFA.
        var fail = [Int32](repeating: 0, count: trie.count)
        var queue: [Int] = []
        for b in 0..<width {
            if trie[0][b] < 0 { trie[0][b] = 0 } else { queue.append(Int(trie[0][b])) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            ends[s] += ends[Int(fail[s])]
            for b in 0..<width {
                let t = trie[s][b]
                if t < 0 {
                    trie[s][b] = trie[Int(fail[s])][b]
                } else {
                    fail[Int(t)] = trie[Int(fail[s])][b]
                    queue.append(Int(t))
                }
            }
        }
        next = trie.flatMap { $0 }
        for e in ends {
            outStart.append(Int32(outIDs.count))
            outIDs += e
        }
        outStart.append(Int32(outIDs.count))
    }

    /// Appends the id of every needle found in `text` (an id may repeat): the bytes in place when they are
    /// contiguous (a native string's UTF-8, a buffer), else copied once.
    @inlinable @inline(__always)
    public func scan<S: Sequence>(_ text: S, into found: inout [Int32]) where S.Element == UInt8 {
        guard count > 0 else { return }
        if text.withContiguousStorageIfAvailable({ scan(bytes: $0, into: &found) }) == nil {
            Array(text).withUnsafeBufferPointer { scan(bytes: $0, into: &found) }
        }
    }

    /// Appends the id of every needle found in `text` (an id may repeat): the automaton's loop, compiled here.
    public func scan(bytes text: UnsafeBufferPointer<UInt8>, into found: inout [Int32]) {
        guard count > 0 else { return }
        next.withUnsafeBufferPointer { next in
            var s: Int32 = 0
            for b in text {
                s = next[Int(s) * width + Int(classOf[Int(b)])]
                let lo = outStart[Int(s)], hi = outStart[Int(s) + 1]
                if lo < hi { found += outIDs[Int(lo)..<Int(hi)] }
            }
        }
    }
}
