import CLibCSV

/// Streams decoded UTF-8 (LF line endings) through libcsv and hands each record, with its start line, to `onRecord`.
///
/// libcsv reports no positions, so lines are counted from the record ends and the line feeds inside quoted fields;
/// with `CSV_REPALL_NL` blank lines are reported too and keep the count exact.
final class LibCSVParser {
    private var parser = csv_parser()
    private var record = RawRecord()
    private var nextLine: Int
    private var embeddedLF = 0
    private let onRecord: (inout RawRecord) -> Void
    private(set) var failed: String?

    init(delimiter: UInt8, firstLine: Int = 1, onRecord: @escaping (inout RawRecord) -> Void) {
        self.nextLine = firstLine
        self.onRecord = onRecord
        csv_init(&parser, UInt8(CSV_REPALL_NL | CSV_STRICT_FINI))
        csv_set_delim(&parser, delimiter)
        if delimiter == 0x09 {
            csv_set_space_func(&parser) { c in c == 0x20 ? 1 : 0 }
        } else {
            csv_set_space_func(&parser) { c in c == 0x20 || c == 0x09 ? 1 : 0 }
        }
    }

    deinit { csv_free(&parser) }

    /// libcsv's state FIELD_BEGUN (2) in a quoted field: an opening quote still waits for its closing one.
    var isInsideQuotes: Bool { parser.pstate == 2 && parser.quoted != 0 }

    /// Line the record under construction started on.
    var pendingLine: Int { nextLine }

    func parse(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard chunk.count > 0, failed == nil else { return }
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        let n = csv_parse(&parser, chunk.baseAddress, chunk.count, libcsvField, libcsvRecord, ctx)
        if n != chunk.count { failed = String(cString: csv_strerror(csv_error(&parser))) }
    }

    /// Ends the input; returns false when the last record ends inside an unterminated quoted field.
    func finish() -> Bool {
        let ctx = Unmanaged.passUnretained(self).toOpaque()
        return csv_fini(&parser, libcsvField, libcsvRecord, ctx) == 0
    }

    fileprivate func field(_ p: UnsafeRawPointer?, _ n: Int) {
        if let p, n > 0 {
            let b = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: n)
            record.bytes.append(contentsOf: b)
            for c in b where c == 0x0A { embeddedLF += 1 }
        }
        record.ends.append(record.bytes.count)
    }

    fileprivate func endRecord(_ c: Int32) {
        if record.ends.isEmpty {  // a blank line
            if c == 0x0A { nextLine += 1 }
            return
        }
        record.line = nextLine
        nextLine += embeddedLF + 1
        embeddedLF = 0
        onRecord(&record)
        record.reset()
    }
}


private func libcsvField(_ p: UnsafeMutableRawPointer?, _ n: Int, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<LibCSVParser>.fromOpaque(ctx!).takeUnretainedValue().field(p, n)
}

private func libcsvRecord(_ c: Int32, _ ctx: UnsafeMutableRawPointer?) {
    Unmanaged<LibCSVParser>.fromOpaque(ctx!).takeUnretainedValue().endRecord(c)
}
