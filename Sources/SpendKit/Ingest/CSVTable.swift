/// A small `;`-separated reference table (rules, contracts, organisation map, weights) read through libcsv with
/// the same decoding as the invoice exports; each row keeps its line number for error messages.
public struct CSVTable: Sendable {
    public var path: String
    public var header: [String]
    public var rows: [(line: Int, fields: [String])]

    /// Reads the file; blank rows are skipped, the header is folded with `foldHeader`.
    public static func read(_ path: String, delimiter: UInt8 = UInt8(ascii: ";")) throws -> CSVTable {
        let src = try ByteSource(path: path)
        var transcoder = Transcoder()
        var decoded: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var records: [(Int, [String])] = []
        let parser = LibCSVParser(delimiter: delimiter) { r in
            let f = (0..<r.count).map { trimmedBlanks(r.string($0)) }
            if f.allSatisfy(\.isEmpty) { return }
            records.append((r.line, f))
        }
        repeat {
            let n = try chunk.withUnsafeMutableBufferPointer { try src.read(into: $0) }
            chunk.withUnsafeBufferPointer {
                transcoder.feed(UnsafeBufferPointer(rebasing: $0[0..<n]), final: n == 0, into: &decoded)
            }
            decoded.withUnsafeBufferPointer { parser.parse($0) }
            decoded.removeAll(keepingCapacity: true)
            if n == 0 { break }
        } while true
        if parser.isInsideQuotes {
            throw IngestError.malformed(path: path, line: parser.pendingLine, message: "unterminated quoted field")
        }
        // A reference table has no run's warnings to carry bytes left unread: it is refused, as before gunzip's way.
        if src.trailingBytes > 0 {
            throw IngestError.unreadable(
                path: path, reason: "\(Fmt.count(src.trailingBytes, "byte")) after the end of its gzip data are no gzip data")
        }
        _ = parser.finish()
        guard let first = records.first else { throw IngestError.noHeader(path: path) }
        return CSVTable(
            path: path, header: first.1.map(foldHeader), rows: records.dropFirst().map { (line: $0.0, fields: $0.1) })
    }

    /// What to say of a cell that holds another separator than `;` (a table saved with commas or tabs).
    static func separatorHint(_ cell: String) -> String {
        cell.contains(",") || cell.contains("\t") ? " (the cells are separated by ';', not ',' or a tab)" : ""
    }

    /// Checks that the header is exactly `expected` (folded); a missing or unknown column names its position.
    public func requireHeader(_ expected: [String], optional: Set<String> = []) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            guard expected.contains(h) else {
                throw IngestError.malformed(
                    path: path, line: 1,
                    message: "unknown column '\(h)' (column \(i + 1)); expected \(expected.joined(separator: ";"))"
                        + CSVTable.separatorHint(h))
            }
            index[h] = i
        }
        for e in expected where index[e] == nil && !optional.contains(e) {
            throw IngestError.malformed(
                path: path, line: 1, message: "missing column '\(e)'; expected \(expected.joined(separator: ";"))")
        }
        return index
    }
}
