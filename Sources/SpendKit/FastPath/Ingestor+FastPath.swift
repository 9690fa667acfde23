extension Ingestor {
    /// The fast path: every file through `LineKernel`s into `analyzer`, plain UTF-8 files on `threads` threads,
    /// the others sequentially through the transcoder. Counts, rejects and duplicates as `ingest(paths:)` keeps them.
    /// - Parameter cuts: byte offsets to cut every file at instead of evenly (the tests' every-split check).
    /// - Parameter database: the SQLite output, written from the same pass: each kernel's lines, in file order.
    public func ingest(
        paths: [String], profile: Profile?, into analyzer: Analyzer, threads: Int, cuts: [Int]? = nil,
        database: SQLiteOutput? = nil
    ) throws {
        let checkDuplicates = checksDuplicates(paths, profile)
        try HeaderProbe.check(paths, profiles: { self.choice($0, profile) }, chunkSize: chunkSize)
        for path in paths {
            let (forced, candidates) = choice(path, profile)
            let index = Int32(files.count)
            files.append(path)
            let seen = checkDuplicates ? self.seen : nil
            // Kernels add into analyzers of their own: a parallel attempt that turns out not to be UTF-8 is dropped whole.
            // The parallel reader makes them on its workers' threads too, one at a time.
            func makeKernel(_ p: Profile, _ map: ColumnMap, _ width: Int) -> LineKernel {
                let k = LineKernel(
                    analyzer: analyzer.worker(), profile: p, columns: map, width: width, rates: rates, file: index,
                    path: path, seen: seen)
                k.limit = subjectLimit ?? LineKernel.maxSubjects
                if let valueLimit { k.columns.valueLimit = valueLimit }
                k.bypassProbe = bypassProbe ?? LineKernel.bypassProbe
                k.prefetchFrom = prefetchFrom ?? LineKernel.prefetchFrom
                if let database { k.record(into: database.stream(), profile: p, columns: map) }
                return k
            }
            var kernels: [LineKernel]
            var info = InvoiceReader.FileInfo(path: path)
            var splitter = ParallelReader(path: path, threads: threads)
            splitter.cuts = cuts
            if cuts != nil { splitter.minimumSplit = nil }
            if let split {
                splitter.blockSize = split.block
                splitter.minimumSplit = split.minimum
            }
            splitter.pause = splitPause
            if let (parallel, encoding, skipped, overruns) = try splitter.read(
                forced: forced, candidates: candidates, makeKernel: makeKernel)
            {
                kernels = parallel
                rangeOverruns += overruns
                info.encoding = encoding
                info.headerLine = skipped + 1
                info.chosen = parallel.first?.normaliser.profile
                info.unread = parallel.first.map { $0.normaliser.profile.unreadFields($0.normaliser.columns) } ?? []
                info.unnumbered = parallel.first.map {
                    $0.normaliser.columns[.invoiceNumber] == nil && $0.normaliser.columns[.voucher] == nil
                } ?? false
            } else {
                parallelDropped += 1
                kernels = []
                var reader = InvoiceReader(chunkSize: chunkSize, rates: rates, parserKind: .fast)
                reader.kernel = { p, map, width in
                    let k = makeKernel(p, map, width)
                    kernels.append(k)
                    return k
                }
                info = try reader.read(path: path, file: index, profile: forced, candidates: candidates) {
                    line, outcome in
                    // Only the rows the kernel never sees (a quote that never closes or swallows a record, text after a closing quote, a record over the length limit), booked in the kernel's order.
                    if case .rejected(let why) = outcome { kernels.last?.reject(line: line, reason: why) }
                }
            }
            var newKeys: [(key: UInt64, line: Int)] = []
            // Every kernel's sums out and its value caches let go before the first merge: with a million suppliers the
            // caches of two kernels and the merging books would otherwise be held at once.
            for k in kernels { k.flush(); k.release(); kernelFlushes += k.flushes }
            kernelCount += kernels.count
            for k in kernels {
                if let database, let rows = k.sqlite?.rows { database.takeLater(rows, lineShift: k.lineShift) }
                books.append(k.books)
                if checkDuplicates { newKeys += k.newKeys.map { ($0.key, $0.line + k.lineShift) } }
                analyzer.absorb(k.analyzer)
                if info.profile.isEmpty { info.profile = k.profileName }
            }
            try noteFile(
                path, profile: info.profile, currency: info.chosen?.currency, skipped: info.headerLine - 1,
                unread: info.unread, unnumbered: info.unnumbered, trailing: info.trailingBytes)
            if checkDuplicates { self.seen.add(file: path, keys: newKeys) }
            fileInfo[path] = (info.encoding, info.profile)
            onProgress?(books.counts.read, path)
        }
    }
}
