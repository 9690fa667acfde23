/// Which CSV parser reads the exports: spend's own scanner, or libcsv, the reference it is tested against.
public enum CSVParserKind: String, Sendable, CaseIterable {
    case fast, libcsv
}

/// A streaming CSV parser as `InvoiceReader` drives it: chunks of decoded text in, records with their lines out.
protocol RecordParser: AnyObject {
    func parse(_ chunk: UnsafeBufferPointer<UInt8>)
    /// Ends the input; returns the start line of a last record whose quoted field never closes.
    func end() -> Int?
    /// Line the record under construction started on.
    var pendingLine: Int { get }
    var failed: String? { get }
}

/// `CSVScanner` behind `LibCSVParser`'s streaming interface: keeps the incomplete last record of each chunk and
/// scans it again with the next one.
final class FastCSVParser: RecordParser {
    private var scanner: CSVScanner
    private var pending: [UInt8] = []
    private var record = RawRecord()
    private let onRecord: (inout RawRecord) -> Void
    /// When set, records go here as scanned, with no `RawRecord` made (the fast path after the header).
    var onScanned: ((CSVRecord) -> Void)?
    var failed: String? { nil }
    var pendingLine: Int { scanner.line }

    init(delimiter: UInt8, firstLine: Int = 1, onRecord: @escaping (inout RawRecord) -> Void) {
        scanner = CSVScanner(delimiter: delimiter, firstLine: firstLine)
        self.onRecord = onRecord
    }

    deinit { scanner.deallocate() }

    func parse(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard chunk.count > 0 else { return }
        if pending.isEmpty {
            let used = scan(chunk, final: false)
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[used...]))
        } else {
            pending.append(contentsOf: chunk)
            let used = pending.withUnsafeBufferPointer { scan($0, final: false) }
            pending.removeFirst(used)
        }
    }

    func end() -> Int? {
        let line = scanner.line
        _ = pending.withUnsafeBufferPointer { scan($0, final: true) }
        pending.removeAll()
        return scanner.unterminatedAt == nil ? nil : line
    }

    private func scan(_ buf: UnsafeBufferPointer<UInt8>, final: Bool) -> Int {
        scanner.scan(buf, final: final) { r in
            if let onScanned { return onScanned(r) }
            r.raw(into: &record)
            onRecord(&record)
        }
    }
}

extension LibCSVParser: RecordParser {
    func end() -> Int? {
        if isInsideQuotes { return pendingLine }
        _ = finish()
        return nil
    }
}
