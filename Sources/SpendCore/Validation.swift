/// Whether bytes are valid UTF-8 (else the transcoder reads them as Windows-1252, and the file takes that way).
public enum Validation {
    /// `composed`: a combining diacritical mark (U+0300–U+036F: text in decomposed form, NFD) fails it too, so the
    /// file goes the way that composes it (`InvoiceReader`).
    /// - Complexity: O(n), up to thirty-two ASCII bytes per step.
    public static func utf8(_ b: UnsafeBufferPointer<UInt8>, composed: Bool = false) -> Bool {
        guard let p = b.baseAddress else { return true }
        let raw = UnsafeRawPointer(p)
        let n = b.count
        var i = 0
        while i < n {
            // Thirty-two ASCII bytes per step while they last (most of a ledger), then eight, then up to the next
            // non-ASCII byte at once (little-endian: the lowest flagged byte is the first).
            while i + 32 <= n,
                (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) & 0x8080_8080_8080_8080 == 0
            {
                i += 32
            }
            if i + 8 <= n {
                let high = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                i += high.trailingZeroBitCount >> 3  // the ASCII bytes before the first other one, at once
            }
            if i == n { break }  // the 32-byte steps ended exactly at the end: no byte past it is read
            let c = p[i]
            if c < 0x80 { i += 1; continue }
            let (len, lo, hi) = sequence(c)
            guard len > 0 else { return false }
            guard i + len <= n, p[i + 1] >= lo, p[i + 1] <= hi else { return false }
            if composed && isCombiningMark(lead: c, next: p[i + 1]) { return false }
            for k in 2..<len where p[i + k] < 0x80 || p[i + k] > 0xBF { return false }
            i += len
        }
        return true
    }

    /// Whether a two-byte UTF-8 sequence is a combining diacritical mark (U+0300–U+036F: lead 0xCC, or 0xCD before
    /// 0xB0), the mark of text in decomposed form.
    @inlinable @inline(__always) public static func isCombiningMark(lead: UInt8, next: UInt8) -> Bool {
        lead == 0xCC || lead == 0xCD && next < 0xB0
    }

    /// A UTF-8 lead byte's sequence length (0: not a lead byte) and the range of its second byte (RFC 3629).
    @inlinable @inline(__always) public static func sequence(_ b: UInt8) -> (length: Int, lo: UInt8, hi: UInt8) {
        switch b {
        case 0xC2...0xDF: return (2, 0x80, 0xBF)
        case 0xE0: return (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE, 0xEF: return (3, 0x80, 0xBF)
        case 0xED: return (3, 0x80, 0x9F)
        case 0xF0: return (4, 0x90, 0xBF)
        case 0xF1...0xF3: return (4, 0x80, 0xBF)
        case 0xF4: return (4, 0x80, 0x8F)
        default: return (0, 0, 0)
        }
    }
}
