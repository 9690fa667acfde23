/// The plain pass of `CSVScanner`: records that need none of libcsv's state machine, split in one pass.
extension CSVScanner {
    /// The bytes that end a plain record's first pass, sixteen of each: a LF or CRLF ends the record, a quote sends it
    /// to `quotedRecord` or the general way, a lone CR the general way.
    struct RecordEnds {
        let lf = SIMD16<UInt8>(repeating: 0x0A), cr = SIMD16<UInt8>(repeating: 0x0D)
        let quote = SIMD16<UInt8>(repeating: 0x22)
    }

    /// The record at `from` when it is plain — not blank, no leading blank, no quote, ended by a LF or a CRLF in the
    /// buffer within `checks.maxBytes` — with its fields pushed: where the next record starts and how many fields it
    /// has. A record whose first field is quoted is tried field by field (`quotedRecord`). Nil sends it the general
    /// way, which gives such a record the same spans and line.
    /// - Complexity: O(record length): sixteen bytes per step to its line end (SSE2's compare and move-mask, as
    ///   `SIMD16` compiles), then eight per step for its delimiters, each found exactly (SWAR), no search per field.
    @inline(__always) mutating func plainRecord(
        _ b: UnsafePointer<UInt8>, from: Int, end: Int, _ v: RecordEnds
    ) -> (next: Int, fields: Int)? {
        let first = b[from]
        guard !isSpace(first), first != 0x0A, first != 0x0D else { return nil }  // blanks first, or a blank line
        let raw = UnsafeRawPointer(b)
        var e = from
        while e + 16 <= end {
            let x = raw.loadUnaligned(fromByteOffset: e, as: SIMD16<UInt8>.self)
            if any((x .== v.lf) .| (x .== v.cr) .| (x .== v.quote)) { break }
            e += 16
        }
        e = CSVScanner.find(b, from: e, end: end, 0x0A, 0x0D, 0x22)
        guard e < end, e + 1 - from <= checks.maxBytes else { return nil }
        // A record quoted from its first field on (an export that quotes every field, or every text) is tried field by
        // field; one with a quoted text further on (a spreadsheet's quoting, where needed) goes the general way, which
        // is cheaper for one quoted field among plain ones.
        if b[e] == 0x22 { return first == 0x22 ? quotedRecord(b, from: from, end: end) : nil }
        guard let next = CSVScanner.afterLineEnd(b, e, end) else { return nil }
        // Room for as many fields as the record has bytes and one: no check per field.
        while spanCapacity <= e - from { spans = spans.doubled(count: 0, capacity: &spanCapacity) }
        let out = spans
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let d = UInt64(delimiter) &* 0x0101_0101_0101_0101
        var n = 0, s = from, q = from
        var edges: UInt8 = 0xFF  // the least of every field's first and last byte: a blank among them is ≤ 0x20
        @inline(__always) func field(_ k: Int) {
            out[n] = FieldSpan(start: b + s, count: k - s)
            if k > s { edges = min(edges, b[s], b[k - 1]) }
            n += 1
            s = k + 1
        }
        while q + 8 <= e {
            let w = raw.loadUnaligned(fromByteOffset: q, as: UInt64.self) ^ d
            var m = ~(((w & lows) &+ lows) | w | lows)  // the high bit of each delimiter byte, exactly
            while m != 0 {
                field(q + m.trailingZeroBitCount >> 3)
                m &= m &- 1
            }
            q += 8
        }
        while q < e {
            if b[q] == delimiter { field(q) }
            q += 1
        }
        field(e)
        if edges <= 0x20 {
            // A field may start or end with blanks: trimmed as the general way trims them.
            for i in 0..<n {
                var a = out[i].start, z = a + out[i].count
                while a < z && isSpace(a.pointee) { a += 1 }
                while z > a && isSpace((z - 1).pointee) { z -= 1 }
                out[i] = FieldSpan(start: a, count: z - a)
            }
        }
        return (next, n)
    }

    /// A plain record with quoted fields (as exports that quote every text write them), field by field: each quoted
    /// one closed by a quote right before a delimiter or the line end, with no quote, CR or LF inside; each other one
    /// without a leading blank. Nil sends the record the general way (a doubled quote, a line end or blanks around a
    /// quoted field, a lone CR, the buffer's end, the length limit), which gives such a record the same spans.
    /// - Complexity: O(record length), eight bytes per step to each field's end.
    @inline(never) private mutating func quotedRecord(
        _ b: UnsafePointer<UInt8>, from: Int, end: Int
    ) -> (next: Int, fields: Int)? {
        var n = 0, p = from
        while p < end {
            let c = b[p]
            var close: Int  // the byte after the field: a delimiter or a line end
            if c == 0x22 {
                let q = CSVScanner.find(b, from: p + 1, end: end, 0x22, 0x0A, 0x0D)
                guard q + 1 < end, b[q] == 0x22 else { return nil }
                close = q + 1
                let t = b[close]
                guard t == delimiter || t == 0x0A || t == 0x0D else { return nil }
                push(b + p + 1, q - p - 1, &n)
            } else {
                guard !isSpace(c) else { return nil }
                close = CSVScanner.find(b, from: p, end: end, delimiter, 0x0A, 0x0D)
                guard close < end else { return nil }
                var t = close
                while t > p && isSpace(b[t - 1]) { t -= 1 }
                push(b + p, t - p, &n)
            }
            if b[close] == delimiter {
                p = close + 1
                continue
            }
            guard close + 1 - from <= checks.maxBytes, let next = CSVScanner.afterLineEnd(b, close, end) else {
                return nil
            }
            return (next, n)
        }
        return nil
    }

    /// Where the next record starts after the line end at `e` (a LF, or a CRLF whole in the buffer); nil for a lone
    /// CR, a CR the buffer's end cuts off, or any other byte.
    @inline(__always) static func afterLineEnd(_ b: UnsafePointer<UInt8>, _ e: Int, _ end: Int) -> Int? {
        if b[e] == 0x0A { return e + 1 }
        guard b[e] == 0x0D, e + 1 < end, b[e + 1] == 0x0A else { return nil }
        return e + 2
    }
}
