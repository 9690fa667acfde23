import Foundation

/// Reads one plain UTF-8 export on several threads: the file is cut into byte ranges, each scanned by its own
/// `CSVScanner` into its own `RecordSink` (the fast path's kernel), with bounded buffers (`pread`, never the whole file).
///
/// A cut is guessed at the line feed after the range's nominal start; a quoted line feed may sit there, so the
/// guess is checked: the worker before it must end exactly on it. When it does not (it went on past the cut inside
/// a quoted field), it carries on to the end of the file itself and the later workers' results are dropped, so
/// every split gives the records of one sequential scan (a row `RecordChecks` rejects is a row like any other: a
/// worker whose rejected row runs over the cut has overrun it). Files that are not UTF-8 throughout (gzip, UTF-16,
/// Windows-1252, an invalid byte anywhere) return nil and go through the transcoding sequential reader. A file that
/// changed while it was read (`FileStamp` at the start and after the workers) fails.
struct ParallelReader {
    let path: String
    let threads: Int
    var blockSize = 4 << 20
    /// The smallest range worth a thread of its own.
    var minimumRange = 8 << 20
    /// Where to cut instead of evenly (tests cut at every byte).
    var cuts: [Int]?

    /// What one worker did: its sink, where it stopped and at what line.
    final class Worker<Sink: RecordSink>: @unchecked Sendable {  // each worker is touched by its own thread only until the join
        let kernel: Sink
        var end = 0, endLine = 0
        var overran = false, failed = false
        var error: Error?
        init(kernel: Sink) { self.kernel = kernel }
    }

    /// The sinks of the file in order, their lines made absolute, the encoding and the lines above the header;
    /// nil when the file is not for this reader. Generic, so the per-record call is a direct one.
    func read<Sink: RecordSink>(
        forced: Profile?, candidates: [Profile] = Profile.builtIn,
        makeKernel: (Profile, ColumnMap, Int) -> Sink
    ) throws -> ([Sink], encoding: String, skipped: Int)? {
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
                        String(decoding: r[$0], as: UTF8.self).trimmingCharacters(in: .whitespaces)
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
        let workers = (0..<starts.count).map { _ in Worker(kernel: makeKernel(profile, map, names.count)) }
        let cutAt = starts, headerLines = firstLine, width = names.count
        DispatchQueue.concurrentPerform(iterations: workers.count) { t in
            let limit = t + 1 < cutAt.count ? cutAt[t + 1] : size
            scanRange(
                fd, worker: workers[t], from: cutAt[t], limit: limit, size: size, delimiter: delimiter,
                firstLine: t == 0 ? headerLines : 1, checks: checks, width: width)
            if !workers[t].failed && workers[t].error == nil { workers[t].kernel.flush() }  // on this thread, not after the join
        }
        guard FileStamp(fd: fd) == stamp, FileStamp(path: path) == stamp else {
            throw IngestError.changedWhileRead(path: path)
        }
        var kept: [Worker<Sink>] = []
        for w in workers {
            if let e = w.error { throw e }
            if w.failed { return nil }
            kept.append(w)
            if w.overran { break }
        }
        var offset = 0
        for (t, w) in kept.enumerated() {
            if t > 0 { offset = kept[t - 1].endLine + offset - 1; w.kernel.shiftLines(by: offset) }
        }
        return (
            kept.map(\.kernel), bom > 0 ? Transcoder.Encoding.utf8BOM.rawValue : Transcoder.Encoding.utf8.rawValue,
            headerLine - 1
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

    /// One worker: scans from `from` until a row starts at `limit` (or, past it, to the end of the file).
    private func scanRange<Sink: RecordSink>(
        _ fd: Int32, worker w: Worker<Sink>, from: Int, limit: Int, size: Int, delimiter: UInt8, firstLine: Int,
        checks: RecordChecks, width: Int
    ) {
        var scanner = CSVScanner(delimiter: delimiter, firstLine: firstLine, checks: checks, width: width)
        var capacity = blockSize
        var buf = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buf.deallocate() }
        var base = from, filled = 0
        var limit = limit
        let kernel = w.kernel
        while true {
            if filled == capacity { buf = buf.doubled(count: filled, capacity: &capacity) }
            let got = pread(fd, buf + filled, capacity - filled, off_t(base + filled))
            if got < 0 {
                w.error = IngestError.unreadable(path: path, reason: String(cString: strerror(errno))); return
            }
            filled += got
            let eof = base + filled >= size || got == 0
            let bytes = UnsafeBufferPointer(start: buf, count: filled)
            let used = scanner.scan(
                bytes, final: eof, limit: limit - base, onProblem: { kernel.reject(line: $0, reason: $1) }
            ) {
                kernel.process($0)
            }
            guard Validation.utf8(UnsafeBufferPointer(rebasing: bytes[0..<used])) else { w.failed = true; return }
            if base + used >= limit {
                if base + used == limit && !scanner.isSkipping { w.end = limit; w.endLine = scanner.line; return }
                w.overran = true  // a quoted field or a rejected row ran over the cut: go on to the end of the file
                limit = .max
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
