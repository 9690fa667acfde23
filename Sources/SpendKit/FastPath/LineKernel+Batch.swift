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

    /// Which of a held-back record's keys its batch made ahead (`SubjectTable.stage`, in the record's slot).
    struct Hint {
        /// The record's slot in the batch (-1: not batched, nothing made ahead).
        var slot = -1
        var what = false, place = false
        /// The supplier id's and name's keys.
        var values = false
    }

    /// One record of the file (its line relative to where this worker started): held back, once the tables have
    /// outgrown the cache (`prefetching`), unless a field of it lies in the scanner's scratch, which the next
    /// record overwrites.
    @inline(__always) func process(_ r: CSVRecord) {
        if !prefetching { return processOne(r, Hint()) }
        if r.copied || r.count != width || batchSpans == nil {
            drain()
            return processOne(r, Hint())
        }
        (batchSpans! + batched &* width).update(from: r.spans, count: width)
        batchPlaces[batched] = (r.line, r.offset)
        batched &+= 1
        if batched == LineKernel.batchSize { drain() }
    }

    /// Works the held-back records off, in order: their keys made and their slots asked for, then the entries
    /// those slots point at, then each record. Called before the scanned buffer is let go of and before a reject
    /// is booked.
    func drain() {
        let n = batched
        guard n > 0 else { return }
        batched = 0  // a flush while the records are worked off finds nothing held back
        // The places' table only when it has outgrown the cache too (most ledgers have a few thousand places).
        let places = placeBytes.count >= prefetchFrom
        for i in 0..<n {
            let r = batchRecord(i)
            var h = Hint(slot: i)
            if !bypass {
                whats.stage(r, columns: whatColumns, slot: i)
                h.what = true
            } else {
                columns.stage(r, slot: i)
                h.values = true
            }
            if places {
                placeBytes.stage(r, columns: placeColumns, slot: i)
                h.place = true
            }
            batchHints[i] = h
        }
        var fresh = false  // a record whose first part is surely new: its values' keys made only now
        for i in 0..<n {
            if batchHints[i].what {
                if !whats.prefetchEntry(staged: i) {
                    columns.stage(batchRecord(i), slot: i)
                    batchHints[i].values = true
                    fresh = true
                }
            } else if batchHints[i].values {
                columns.prefetchEntries(staged: i)
            }
            if batchHints[i].place { _ = placeBytes.prefetchEntry(staged: i) }
        }
        if fresh {
            for i in 0..<n where batchHints[i].what && batchHints[i].values { columns.prefetchEntries(staged: i) }
        }
        for i in 0..<n { processOne(batchRecord(i), batchHints[i]) }
    }

    /// Held-back record `i`: its spans copied, its bytes still the scanned buffer's.
    @inline(__always) private func batchRecord(_ i: Int) -> CSVRecord {
        CSVRecord(
            spans: batchSpans! + i &* width, count: width, line: batchPlaces[i].line, offset: batchPlaces[i].offset,
            copied: false)
    }
}
