/// `CSVScanner` (SpendCore) as SpendKit reads with it: its problems as `RejectReason`s, its records as `RawRecord`s.
extension CSVScanner {
    /// `scan(_:final:limit:maxRecords:problems:_:)` with each problem as the reject of its row.
    @inline(__always)
    public mutating func scan(
        _ buf: UnsafeBufferPointer<UInt8>, final: Bool, limit: Int = .max, maxRecords: Int = .max,
        onProblem: (Int, RejectReason) -> Void, _ body: (CSVRecord) -> Void
    ) -> Int {
        scan(
            buf, final: final, limit: limit, maxRecords: maxRecords, problems: { onProblem($0, RejectReason($1)) }, body
        )
    }
}

extension CSVRecord {
    /// The fields as libcsv's wrapper builds them, for code that wants a `RawRecord`.
    public func raw(into r: inout RawRecord) {
        r.reset()
        for i in 0..<count { r.bytes.append(contentsOf: self[i]); r.ends.append(r.bytes.count) }
        r.line = line
    }
}

extension RejectReason {
    /// The reject of a row the scanner found a problem in.
    init(_ problem: ScanProblem) {
        switch problem {
        case .unterminatedQuote: self = .unterminatedQuote
        case .textAfterQuote(let field): self = .textAfterQuote(field: field)
        case .tooLong(let maxBytes): self = .tooLong(maxBytes: maxBytes)
        }
    }
}
