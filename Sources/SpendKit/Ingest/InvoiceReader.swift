/// Reads one invoice export end to end: bytes → UTF-8 → libcsv records → normalised lines.
struct InvoiceReader {
    /// What was learnt about a file while reading it.
    struct FileInfo: Sendable {
        var path: String
        var encoding = "UTF-8"
        var delimiter: UInt8 = UInt8(ascii: ";")
        var profile = ""
        var gzip = false
        var invalidBytes = 0
        /// The most bytes the parser kept at once.
        var mostBuffered = 0
        /// The line the header stands on; the lines above it were skipped.
        var headerLine = 1
        /// The profile its header was read with.
        var chosen: Profile?
        /// The fields that profile names and the header lacks (`Profile.unreadFields`).
        var unread: [String] = []
        /// Bytes after a gzip file's data that are no gzip data, not read (`ByteSource.trailingBytes`).
        var trailingBytes = 0
        /// Whether the header has neither invoice number nor voucher: each line is then an invoice of its own.
        var unnumbered = false
    }

    var chunkSize = 1 << 20
    var rates: CurrencyRates?
    var parserKind = CSVParserKind.fast
    /// The fast path: after the header, records go to the sink this makes (profile, columns, width).
    var kernel: ((Profile, ColumnMap, Int) -> any RecordSink)?

    /// Reads `path`; calls `handle` for each data row with its start line and outcome (a row `RecordChecks` rejects
    /// included, in its place). Fails when the file changed while it was read.
    func read(
        path: String, file: Int32, profile forced: Profile?, candidates: [Profile] = Profile.builtIn,
        handle: @escaping (Int, RowNormaliser.Outcome) -> Void
    ) throws -> FileInfo {
        var info = FileInfo(path: path)
        var header: [String]?
        var search = HeaderSearch(path: path, forced: forced, candidates: candidates)
        var normaliser: RowNormaliser?
        var delimiter: UInt8?
        let checks = RecordChecks.invoices
        let change = ChangeWhileReading.mode
        let src = try ByteSource(path: path, chunkSize: chunkSize)
        info.gzip = src.isGzip
        var transcoder = Transcoder()
        var decoded: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var fatal: IngestError?
        var parser: RecordParser?
        defer { parser = nil }  // onRecord refers to the parser that holds it: break the cycle

        func onRecord(_ r: inout RawRecord) {
            guard fatal == nil else { return }
            if header == nil {
                let names = (0..<r.count).map { trimmedBlanks(r.string($0)) }
                switch search.offer(names, line: r.line) {
                case .header(let p, let map):
                    header = names
                    info.profile = p.name
                    info.chosen = p
                    info.unread = p.unreadFields(map)
                    info.unnumbered = map[.invoiceNumber] == nil && map[.voucher] == nil
                    info.headerLine = r.line
                    parser?.awaitingHeader = false
                    normaliser = RowNormaliser(profile: p, columns: map, width: names.count, rates: rates)
                    if let kernel, let fast = parser as? FastCSVParser {
                        let k = kernel(p, map, names.count)
                        fast.onScanned = { k.process($0) }
                        fast.onDrain = { k.drain() }
                    }
                case .skip: parser?.awaitingHeader = true  // a line above the header
                case .fail(let e): fatal = e
                }
                return
            }
            handle(r.line, normaliser!.normalise(r, file: file))
        }

        /// A rejected row; before the header, the file cannot be read.
        func onProblem(_ line: Int, _ reason: RejectReason) {
            guard fatal == nil else { return }
            if header == nil { fatal = .malformed(path: path, line: line, message: reason.description); return }
            handle(line, .rejected(reason))
        }

        do {
            var first = true
            var heldBack = 0  // the bytes of `decoded` left from the last chunk, after its last line end
            repeat {
                let n = try chunk.withUnsafeMutableBufferPointer { try src.read(into: $0) }
                if first, let change { first = false; ChangeWhileReading.apply(change, to: path) }
                let final = n == 0
                chunk.withUnsafeBufferPointer {
                    transcoder.feed(UnsafeBufferPointer(rebasing: $0[0..<n]), final: final, into: &decoded)
                }
                if parser == nil {
                    if decoded.count < 65536 && !final { continue }
                    delimiter = decoded.withUnsafeBufferPointer { Dialect.sniff($0)?.delimiter }
                    if delimiter == nil {
                        if decoded.allSatisfy({ $0 == 0x0A || $0 == 0x20 }) { throw IngestError.noHeader(path: path) }
                        delimiter = UInt8(ascii: ";")
                    }
                    parser =
                        parserKind == .libcsv
                        ? LibCSVParser(delimiter: delimiter!, checks: checks, onRecord: onRecord, onProblem: onProblem)
                        : FastCSVParser(delimiter: delimiter!, checks: checks, onRecord: onRecord, onProblem: onProblem)
                }
                // Whole lines only, so that a letter and its combining mark are composed together (the rest waits
                // for the next chunk, unless it is longer than a record may be).
                var cut = final ? decoded.count : (decoded[heldBack...].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
                if decoded.count - cut > ReadLimits.maxRecordBytes { cut = decoded.count }
                if Composition.hasMarks(decoded[..<cut]) {
                    let composed = Composition.composed(decoded[..<cut])
                    composed.withUnsafeBufferPointer { parser!.parse($0) }
                } else {
                    decoded.withUnsafeBufferPointer { parser!.parse(UnsafeBufferPointer(rebasing: $0[..<cut])) }
                }
                decoded.removeSubrange(..<cut)
                heldBack = decoded.count  // no line end in it: the next chunk's bytes are searched, not these again
                if let fatal { throw fatal }
                if let f = parser!.failed {
                    throw IngestError.malformed(path: path, line: parser!.pendingLine, message: f)
                }
                if final {
                    parser!.end()
                    break
                }
            } while true
            if let fatal { throw fatal }
        } catch {
            try src.checkUnchanged()  // a file changed under the reader explains what went wrong reading it
            throw error
        }
        try src.checkUnchanged()
        info.trailingBytes = src.trailingBytes
        info.encoding = transcoder.encoding?.rawValue ?? "UTF-8"
        info.invalidBytes += transcoder.invalidBytes
        info.delimiter = delimiter ?? info.delimiter
        info.mostBuffered = parser?.mostBuffered ?? 0
        guard header != nil else { throw search.failure() }
        return info
    }
}
