import SpendCore

/// Records held back a few at a time, so that the tables' slots and entries for all of them are asked for before
/// any is looked up: on a varied ledger the tables outgrow the cache and each lookup waits on memory twice (the
/// slot, then the entry); this way the waits of a batch overlap instead of following one another.
extension LineKernel {
    /// Records per batch: enough waits in flight to cover memory's latency, few enough that their lines stay cached.
    static let batchSize = 16
    /// First parts (or places) from which their tables no longer sit in the cache close to the core, and
    /// prefetching pays for the batch's copies (on a ledger of few combinations it cost a tenth more).
    static let prefetchFrom = 4096

    /// The hashes of a record's keys, worked out while its batch was prefetched (nil: not worked out).
    struct Hint {
        var what: UInt64?, place: UInt64?
        var id: UInt64?, name: UInt64?
    }

    /// One record of the file (its line relative to where this worker started): held back, once the tables have
    /// outgrown the cache (`prefetching`), unless a field of it lies in the scanner's scratch, which the next
    /// record overwrites.
    @inline(__always) func process(_ r: CSVRecord) {
        if !prefetching { return processOne(r, Hint()) }
        if r.copied || r.count != width {
            drain()
            return processOne(r, Hint())
        }
        (batchSpans + batched &* width).update(from: r.spans, count: width)
        batchPlaces[batched] = (r.line, r.offset)
        batched &+= 1
        if batched == LineKernel.batchSize { drain() }
    }

    /// Works the held-back records off, in order: their slots asked for, then the entries those slots point at,
    /// then each record. Called before the scanned buffer is let go of and before a reject is booked.
    func drain() {
        let n = batched
        guard n > 0 else { return }
        batched = 0  // a flush while the records are worked off finds nothing held back
        for i in 0..<n {
            let r = batchRecord(i)
            var h = Hint()
            if !bypass {
                let w = whats.hash(r, columns: whatColumns)
                whats.prefetch(w)
                h.what = w
            } else {
                let (id, name) = columns.prefetch(r)
                h.id = id
                h.name = name
            }
            let p = placeBytes.hash(r, columns: placeColumns)
            placeBytes.prefetch(p)
            h.place = p
            batchHints[i] = h
        }
        var fresh = 0  // records whose first part is surely new: their values' slots asked for only now
        for i in 0..<n {
            if let w = batchHints[i].what {
                if !whats.prefetchEntry(w) {
                    let (id, name) = columns.prefetch(batchRecord(i))
                    batchHints[i].id = id
                    batchHints[i].name = name
                    fresh += 1
                }
            } else {
                columns.prefetchEntries(id: batchHints[i].id!, name: batchHints[i].name!)
            }
            _ = placeBytes.prefetchEntry(batchHints[i].place!)
        }
        if fresh > 0 {
            for i in 0..<n where batchHints[i].what != nil {
                if let id = batchHints[i].id { columns.prefetchEntries(id: id, name: batchHints[i].name!) }
            }
        }
        for i in 0..<n { processOne(batchRecord(i), batchHints[i]) }
    }

    /// Held-back record `i`: its spans copied, its bytes still the scanned buffer's.
    @inline(__always) private func batchRecord(_ i: Int) -> CSVRecord {
        CSVRecord(
            spans: batchSpans + i &* width, count: width, line: batchPlaces[i].line, offset: batchPlaces[i].offset)
    }
}
