/// Which CSV parser reads the exports: spend's own scanner, or libcsv, the reference it is tested against.
public enum CSVParserKind: String, Sendable, CaseIterable {
    case fast, libcsv
}

/// A streaming CSV parser as `InvoiceReader` drives it: chunks of decoded text in, records with their lines out,
/// and the rows `RecordChecks` rejects, in order among them.
protocol RecordParser: AnyObject {
    func parse(_ chunk: UnsafeBufferPointer<UInt8>)
    /// Ends the input (a quote still open there is a reject, rule 3).
    func end()
    /// Line the record under construction started on.
    var pendingLine: Int { get }
    var failed: String? { get }
    /// The most bytes of input it kept at once (bounded by `RecordChecks.maxBytes` and a chunk).
    var mostBuffered: Int { get }
    /// Set by the reader while it has not found the header (during the record's callback): the record is not the
    /// header, so the quote checks wait for the next one's width.
    var awaitingHeader: Bool { get set }
}

/// `CSVScanner` behind `LibCSVParser`'s streaming interface: keeps the incomplete last record of each chunk and
/// scans it again with the next one (never more than `checks.maxBytes` of it: longer is a reject, read past).
final class FastCSVParser: RecordParser {
    private var scanner: CSVScanner
    private var pending: [UInt8] = []
    private var record = RawRecord()
    private let onRecord: (inout RawRecord) -> Void
    private let onProblem: (Int, RejectReason) -> Void
    /// When set, records go here as scanned, with no `RawRecord` made (the fast path after the header).
    var onScanned: ((CSVRecord) -> Void)?
    /// Set with `onScanned`: works off the records the sink holds back, before their bytes are let go of (a reject
    /// after them drains through the sink's own `reject`).
    var onDrain: (() -> Void)?
    var failed: String? { nil }
    var pendingLine: Int { scanner.line }
    private(set) var mostBuffered = 0
    private let gate = HeaderGate()
    var awaitingHeader: Bool {
        get { gate.awaiting }
        set { gate.awaiting = newValue }
    }

    init(
        delimiter: UInt8, firstLine: Int = 1, checks: RecordChecks = .none,
        onRecord: @escaping (inout RawRecord) -> Void,
        onProblem: @escaping (Int, RejectReason) -> Void
    ) {
        scanner = CSVScanner(delimiter: delimiter, firstLine: firstLine, checks: checks)
        scanner.headerGate = gate
        self.onRecord = onRecord
        self.onProblem = onProblem
    }

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
        mostBuffered = max(mostBuffered, pending.count)
    }

    func end() {
        _ = pending.withUnsafeBufferPointer { scan($0, final: true) }
        pending.removeAll()
    }

    private func scan(_ buf: UnsafeBufferPointer<UInt8>, final: Bool) -> Int {
        let used = scanner.scan(buf, final: final, onProblem: onProblem) { r in
            if let onScanned { return onScanned(r) }
            r.raw(into: &record)
            onRecord(&record)
        }
        onDrain?()
        return used
    }
}
