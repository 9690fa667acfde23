/// Looks for every file's header before any file is read, so that a run over a folder of exports names every file
/// whose header does not fit its profile at once (each with the closest line and the columns it lacks), rather
/// than stopping at the first. Reads only the start of each file, as `InvoiceReader` would.
enum HeaderProbe {
    /// The most decoded bytes looked at per file.
    static let limit = 8 << 20

    /// Throws `.headers` listing every file whose header cannot be found (the file's own error when only one);
    /// a missing or unreadable file is thrown as soon as it is met.
    static func check(
        _ paths: [String], profiles: (String) -> (forced: Profile?, candidates: [Profile]), chunkSize: Int
    ) throws {
        var errors: [IngestError] = []
        for path in paths {
            let (forced, candidates) = profiles(path)
            if let e = try probe(path, forced: forced, candidates: candidates, chunkSize: chunkSize) {
                errors.append(e)
            }
        }
        if errors.count == 1 { throw errors[0] }
        if errors.count > 1 { throw IngestError.headers(errors) }
    }

    /// The header error of one file, or nil when its header is found (or the start of the file does not tell).
    static func probe(_ path: String, forced: Profile?, candidates: [Profile], chunkSize: Int) throws -> IngestError? {
        let src = try ByteSource(path: path, chunkSize: chunkSize)
        var transcoder = Transcoder()
        var decoded: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(chunkSize, 1 << 16))
        var final = false
        while !final && decoded.count < 65536 {  // as much as `InvoiceReader` sniffs the delimiter from
            let n = try chunk.withUnsafeMutableBufferPointer { try src.read(into: $0) }
            final = n == 0
            chunk.withUnsafeBufferPointer {
                transcoder.feed(UnsafeBufferPointer(rebasing: $0[0..<n]), final: final, into: &decoded)
            }
        }
        if decoded.allSatisfy({ $0 == 0x0A || $0 == 0x20 }) { return final ? .noHeader(path: path) : nil }
        let delimiter = decoded.withUnsafeBufferPointer { Dialect.sniff($0)?.delimiter } ?? UInt8(ascii: ";")
        var search = HeaderSearch(path: path, forced: forced, candidates: candidates)
        var scanner = CSVScanner(
            delimiter: delimiter, checks: RecordChecks(quotes: false, maxBytes: RecordChecks.invoices.maxBytes))
        var offset = 0
        while true {
            // More text when the next record may not be whole.
            while !final && decoded.count - offset < 1 << 16 && decoded.count < limit {
                let n = try chunk.withUnsafeMutableBufferPointer { try src.read(into: $0) }
                final = n == 0
                chunk.withUnsafeBufferPointer {
                    transcoder.feed(UnsafeBufferPointer(rebasing: $0[0..<n]), final: final, into: &decoded)
                }
            }
            var names: [String]?, line = 0, problem = false
            let used = decoded.withUnsafeBufferPointer { b in
                scanner.scan(
                    UnsafeBufferPointer(rebasing: b[offset...]), final: final, maxRecords: 1,
                    onProblem: { _, _ in problem = true }
                ) { r in
                    names = (0..<r.count).map {
                        trimmedBlanks(String(decoding: r[$0], as: UTF8.self))
                    }
                    line = r.line
                }
            }
            if problem { return nil }  // the reader reports a broken record before the header
            guard let names else { return final ? search.failure() : nil }
            offset += used
            switch search.offer(names, line: line) {
            case .header: return nil
            case .skip: continue
            case .fail(let e): return e
            }
        }
    }
}
