import Foundation

/// Reads one plain UTF-8 export on several threads: the file is cut into byte ranges, each scanned by its own
/// `CSVScanner` into its own `RecordSink` (the fast path's kernel), with bounded buffers (`pread`, never the whole file).
/// A worker done with its range takes half of the largest unread remainder into a new sink (`RangeBoard`), so the
/// threads finish together however unevenly the data or the host slows them.
///
/// A cut is guessed at the line feed after the range's nominal start; a quoted line feed may sit there, so the guess is
/// checked: the worker before it must end exactly on it. When it does not (it went on past the cut inside a quoted
/// field), it reads on until it meets a later range's start exactly, or to the end of the file, and the results of the
/// ranges it passed are dropped, so every split gives the records of one sequential scan (a row `RecordChecks` rejects
/// is a row like any other: a worker whose rejected row runs over the cut has overrun it). Files that are not UTF-8
/// throughout (gzip, UTF-16, Windows-1252, an invalid byte anywhere) return nil and go through the transcoding
/// sequential reader. A file that changed while it was read (`FileStamp` at the start and after the workers) fails.
struct ParallelReader {
    let path: String
    let threads: Int
    var blockSize = 4 << 20
    /// The smallest range worth a thread of its own.
    var minimumRange = 8 << 20
    /// Where to cut instead of evenly (tests cut at every byte).
    var cuts: [Int]?
    /// The least a worker that is done takes of another's range (half its unread bytes at most); nil: it takes
    /// nothing (the tests' fixed cuts).
    var minimumSplit: Int? = 4 << 20
    /// Called between a reader's claim of a block and its scan of it, and before a split's cut is looked for
    /// (tests: a pause, so splits meet readers mid-range and claims move while a cut is looked for).
    var pause: (@Sendable () -> Void)?

    /// What one worker did: its sink, where it stopped and at what line.
    final class Worker<Sink: RecordSink>: @unchecked Sendable {  // each worker is touched by its own thread only until the join
        let kernel: Sink
        var end = 0, endLine = 0
        var overran = false, failed = false
        var error: Error?
        init(kernel: Sink) { self.kernel = kernel }
    }

    /// The sinks of the file in order, their lines made absolute, the encoding, the lines above the header and
    /// how many readers ran over their cut (a quoted line feed there); nil when the file is not for this reader.
    /// Generic, so the per-record call is a direct one.
    func read<Sink: RecordSink>(
        forced: Profile?, candidates: [Profile] = Profile.builtIn,
        makeKernel: (Profile, ColumnMap, Int) -> Sink
    ) throws -> ([Sink], encoding: String, skipped: Int, overruns: Int)? {
        try ByteSource.checkFile(path)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let stamp = FileStamp(fd: fd) else { return nil }
        let size = Int(stamp.size)
        let checks = RecordChecks.invoices
        let head = [UInt8](unsafeUninitializedCapacity: min(size, 1 << 20)) { b, n in
            n = max(0, pread(fd, b.baseAddress, b.count, 0))
        }
        guard head.count == min(size, 1 << 20), head.count >= 2, !(head[0] == 0x1F && head[1] == 0x8B),
            !(head[0] == 0xFF && head[1] == 0xFE), !(head[0] == 0xFE && head[1] == 0xFF)
        else { return nil }
        let bom = head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0
        // The header, from the first block: the first record of the first 50 lines that fits a profile.
        var delimiter: UInt8?
        var names: [String] = []
        var headerEnd = 0, firstLine = 1, headerLine = 1
        var found: (Profile, ColumnMap)?
        let ok = head.withUnsafeBufferPointer { b -> Bool in
            let text = UnsafeBufferPointer(rebasing: b[bom...])
            delimiter = Dialect.sniff(text)?.delimiter
            guard let delimiter else { return false }
            var scanner = CSVScanner(
                delimiter: delimiter, checks: RecordChecks(quotes: false, maxBytes: checks.maxBytes))
            var search = HeaderSearch(path: path, forced: forced, candidates: candidates)
            var offset = 0
            while found == nil {
                var rejected = false, got = false, line = 0
                let used = scanner.scan(
                    UnsafeBufferPointer(rebasing: text[offset...]), final: head.count == size, maxRecords: 1,
                    onProblem: { _, _ in rejected = true }
                ) { r in
                    names = (0..<r.count).map {
                        trimmedBlanks(String(decoding: r[$0], as: UTF8.self))
                    }
                    line = r.line
                    got = true
                }
                guard !rejected, got, used > 0 else { return false }
                offset += used
                switch search.offer(names, line: line) {
                case .header(let p, let map): found = (p, map); headerLine = line
                case .skip: continue
                case .fail: return false  // the sequential reader says why
                }
            }
            headerEnd = bom + offset
            firstLine = scanner.line
            return Validation.utf8(UnsafeBufferPointer(rebasing: b[bom..<headerEnd]))
        }
        guard ok, let delimiter, let (profile, map) = found else { return nil }
        if let change = ChangeWhileReading.mode { ChangeWhileReading.apply(change, to: path) }

        // Ranges and guessed cuts.
        let n = max(1, min(threads, (size - headerEnd) / minimumRange))
        let nominal = cuts ?? (1..<n).map { headerEnd + (size - headerEnd) * $0 / n }
        var starts = [headerEnd]
        for cut in nominal where cut > headerEnd {
            starts.append(max(starts.last!, nextLineStart(fd, from: cut - 1, size: size)))
        }
        let board = RangeBoard(starts: starts, size: size)
        let made = WorkerList<Sink>()
        let headerLines = firstLine, width = names.count
        withoutActuallyEscaping(makeKernel) { makeKernel in
            let maker = SinkMaker { makeKernel(profile, map, width) }
            for _ in starts { made.add(Worker(kernel: maker.make())) }
            readRanges(
                fd, workers: starts.count, board: board, made: made, maker: maker, headerLines: headerLines,
                size: size, delimiter: delimiter, checks: checks, width: width)
        }
        guard FileStamp(fd: fd) == stamp, FileStamp(path: path) == stamp else {
            throw IngestError.changedWhileRead(path: path)
        }
        // The ranges that join up from the header on: a reader that ran over its cut read on to a later range's
        // start (or the end), and the ranges it passed are dropped. Were there ever a gap, the sequential reader
        // reads the file rather than a figure being wrong.
        var kept: [Worker<Sink>] = []
        var at = starts[0]
        for i in (0..<board.count).sorted(by: { (board.start($0), made[$0].end) < (board.start($1), made[$1].end) }) {
            let w = made[i]
            if let e = w.error { throw e }
            if w.failed { return nil }
            let start = board.start(i)
            if start < at { continue }
            guard start == at else { return nil }
            kept.append(w)
            at = w.end
        }
        guard at == size else { return nil }
        var offset = 0
        for (t, w) in kept.enumerated() {
            if t > 0 { offset = kept[t - 1].endLine + offset - 1; w.kernel.shiftLines(by: offset) }
        }
        return (
            kept.map(\.kernel), bom > 0 ? Transcoder.Encoding.utf8BOM.rawValue : Transcoder.Encoding.utf8.rawValue,
            headerLine - 1, (0..<board.count).filter { made[$0].overran }.count
        )
    }

    /// The offset after the first line feed at or after `from` (the file's end when there is none).
    private func nextLineStart(_ fd: Int32, from: Int, size: Int) -> Int {
        var at = max(0, from)
        var window = [UInt8](repeating: 0, count: 1 << 16)
        while at < size {
            let got = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
            guard got > 0 else { return size }
            if let i = window[0..<got].firstIndex(of: 0x0A) { return at + i + 1 }
            at += got
        }
        return size
    }

    /// The workers on their threads, one per first range: each reads its range, then takes half of the largest
    /// unread remainder into a new sink, until none is worth taking.
    private func readRanges<Sink: RecordSink>(
        _ fd: Int32, workers: Int, board: RangeBoard, made: WorkerList<Sink>, maker: SinkMaker<Sink>,
        headerLines: Int, size: Int, delimiter: UInt8, checks: RecordChecks, width: Int
    ) {
        DispatchQueue.concurrentPerform(iterations: workers) { t in
            var range = t
            while true {
                let w = made[range]
                scanRange(
                    fd, worker: w, range: range, of: board, size: size, delimiter: delimiter,
                    firstLine: range == 0 ? headerLines : 1, checks: checks, width: width)
                guard !w.failed && w.error == nil else { board.stop(); return }
                w.kernel.flush()  // on this thread, not after the join
                w.kernel.release()  // before it takes more: one kernel's caches a thread
                guard let minimumSplit,
                    let next = board.split(
                        minimum: minimumSplit,
                        lineStart: { pause?(); return nextLineStart(fd, from: $0 - 1, size: size) })
                else { return }
                made.add(Worker(kernel: maker.make()), at: next)
                range = next
            }
        }
    }

    /// One worker: scans its range from its start until a row starts at the range's limit, which a split may move
    /// closer while it reads (or, having run over it, at a later range's start or the end of the file).
    private func scanRange<Sink: RecordSink>(
        _ fd: Int32, worker w: Worker<Sink>, range: Int, of board: RangeBoard, size: Int, delimiter: UInt8,
        firstLine: Int, checks: RecordChecks, width: Int
    ) {
        var scanner = CSVScanner(delimiter: delimiter, firstLine: firstLine, checks: checks, width: width)
        var capacity = blockSize
        var buf = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buf.deallocate(); board.close(range) }
        var base = board.start(range), filled = 0
        var overran = false
        let kernel = w.kernel
        while true {
            if filled == capacity { buf = buf.doubled(count: filled, capacity: &capacity) }
            let got = pread(fd, buf + filled, capacity - filled, off_t(base + filled))
            if got < 0 {
                w.error = IngestError.unreadable(path: path, reason: String(cString: strerror(errno))); return
            }
            filled += got
            let limit = overran ? board.nextStart(from: base) : board.limit(range, claiming: base + filled)
            pause?()
            let eof = base + filled >= size || got == 0
            let bytes = UnsafeBufferPointer(start: buf, count: filled)
            let used = scanner.scan(
                bytes, final: eof, limit: limit - base, onProblem: { kernel.reject(line: $0, reason: $1) }
            ) {
                kernel.process($0)
            }
            kernel.drain()  // before the buffer moves
            // Not UTF-8, or text in decomposed form: the whole file the sequential way, which decodes and composes it.
            guard Validation.utf8(UnsafeBufferPointer(rebasing: bytes[0..<used]), composed: true) else {
                w.failed = true; return
            }
            if base + used >= limit {
                if base + used == limit && !scanner.isSkipping { w.end = limit; w.endLine = scanner.line; return }
                if !overran {
                    // A quoted field or a rejected row ran over the cut: read on until a later range's start is met
                    // exactly (that range's records are then sound), or to the end of the file.
                    w.overran = true
                    overran = true
                    board.close(range)
                }
            } else if eof {
                w.end = size; w.endLine = scanner.line
                return
            }
            memmove(buf, buf + used, filled - used)
            base += used
            filled -= used
        }
    }
}

/// The workers of one read, by range index: added as ranges are split, from any worker's thread.
final class WorkerList<Sink: RecordSink>: @unchecked Sendable {  // every access under `lock`
    private var workers: [Int: ParallelReader.Worker<Sink>] = [:]
    private let lock = NSLock()

    /// Adds the worker of the next range, or of range `at`.
    func add(_ w: ParallelReader.Worker<Sink>, at: Int? = nil) {
        lock.lock(); defer { lock.unlock() }
        workers[at ?? workers.count] = w
    }

    subscript(range: Int) -> ParallelReader.Worker<Sink> {
        lock.lock(); defer { lock.unlock() }
        return workers[range]!
    }
}

/// Makes the sinks of one read, one at a time, on any worker's thread (the reader's `makeKernel`, which may not
/// escape the read).
final class SinkMaker<Sink: RecordSink>: @unchecked Sendable {  // `make` is called under `lock` only
    private let body: () -> Sink
    private let lock = NSLock()
    init(_ body: @escaping () -> Sink) { self.body = body }

    func make() -> Sink {
        lock.lock(); defer { lock.unlock() }
        return body()
    }
}
