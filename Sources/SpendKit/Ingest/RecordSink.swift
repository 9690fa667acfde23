/// What the readers hand one file's scanned records to, past its header: the fast path's `LineKernel` is one. The
/// readers name no sink of their own, so the arrow points from the fast path to Ingest and never back.
protocol RecordSink: AnyObject, SendableMetatype {  // its type is named on the workers' threads
    /// One record (its line counted from where this sink's range of the file started).
    func process(_ r: CSVRecord)
    /// Works off the records it may hold back: called before the scanned bytes they lie in are let go of.
    func drain()
    /// A row the scanner refused: a quote that never closes or swallows a record, text after a closing quote, a
    /// record over the length limit.
    func reject(line: Int, reason: RejectReason)
    /// Makes the lines of its rows absolute, for a sink that started counting at 1 mid-file.
    func shiftLines(by offset: Int)
    /// Its range is read: its sums out (on the worker's own thread).
    func flush()
    /// Lets go of what only the reading needed (value caches), after the last `flush`.
    func release()
}
