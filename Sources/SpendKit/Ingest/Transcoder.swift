/// Streaming decoder to UTF-8 with LF line endings: BOM sniffing, UTF-16, UTF-32, Windows-1252 fallback, CRLF/CR → LF.
///
/// A file without BOM is read as UTF-8 until the first byte sequence that is not valid UTF-8; if no multi-byte
/// character came before it, the file is Windows-1252 (everything before was ASCII, the same in both), but a valid
/// UTF-8 sequence in it is still read as UTF-8 (two exports joined, the UTF-8 one last: `Ã…kessons` otherwise; a
/// Windows-1252 text hardly ever holds one, `å` then two of `€‚ƒ…` or `Ã` then a symbol).
/// Otherwise each invalid byte alone is read as Windows-1252 and counted in `invalidBytes`.
struct Transcoder {
    enum Encoding: String, Sendable {
        case utf8 = "UTF-8", utf8BOM = "UTF-8 (BOM)", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE", utf32LE = "UTF-32LE",
            utf32BE = "UTF-32BE", windows1252 = "Windows-1252"
    }

    private(set) var encoding: Encoding?
    private(set) var invalidBytes = 0
    private(set) var nulBytes = 0
    private var sawMultibyte = false
    private var pending: [UInt8] = []
    private var lastWasCR = false
    private var highSurrogate: UInt16 = 0

    /// Decodes `input` and appends UTF-8 to `out`; `final` flushes incomplete sequences.
    mutating func feed(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8]) {
        if pending.isEmpty {
            process(input, final: final, into: &out)
        } else {
            var joined = pending
            joined.append(contentsOf: input)
            pending.removeAll(keepingCapacity: true)
            joined.withUnsafeBufferPointer { process($0, final: final, into: &out) }
        }
    }

    private mutating func process(_ buf: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8]) {
        var i = 0
        if encoding == nil {
            if buf.count < 4 && !final { pending.append(contentsOf: buf); return }
            if buf.count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF {
                encoding = .utf8BOM; i = 3
            } else if buf.count >= 4 && buf[0] == 0xFF && buf[1] == 0xFE && buf[2] == 0 && buf[3] == 0 {
                encoding = .utf32LE; i = 4  // before UTF-16LE, whose BOM it starts with
            } else if buf.count >= 4 && buf[0] == 0 && buf[1] == 0 && buf[2] == 0xFE && buf[3] == 0xFF {
                encoding = .utf32BE; i = 4
            } else if buf.count >= 2 && buf[0] == 0xFF && buf[1] == 0xFE {
                encoding = .utf16LE; i = 2
            } else if buf.count >= 2 && buf[0] == 0xFE && buf[1] == 0xFF {
                encoding = .utf16BE; i = 2
            } else {
                encoding = .utf8
            }
        }
        switch encoding! {
        case .utf16LE, .utf16BE: decodeUTF16(buf, from: i, bigEndian: encoding == .utf16BE, final: final, into: &out)
        case .utf32LE, .utf32BE: decodeUTF32(buf, from: i, bigEndian: encoding == .utf32BE, final: final, into: &out)
        case .utf8, .utf8BOM, .windows1252: decodeUTF8(buf, from: i, final: final, into: &out)  // UTF-8 in it too
        }
    }

    @inline(__always)
    private mutating func emit(_ b: UInt8, into out: inout [UInt8]) {
        if b == 0x0D { out.append(0x0A); lastWasCR = true; return }
        if b == 0x0A && lastWasCR { lastWasCR = false; return }
        lastWasCR = false
        if b == 0 { nulBytes += 1 }
        out.append(b)
    }

    private mutating func emitScalar(_ v: UInt32, into out: inout [UInt8]) {
        if v < 0x80 { emit(UInt8(v), into: &out); return }
        lastWasCR = false
        if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    private mutating func emitCP1252(_ b: UInt8, into out: inout [UInt8]) {
        if b < 0x80 { emit(b, into: &out) } else { emitScalar(Transcoder.cp1252[Int(b)], into: &out) }
    }

    private mutating func decodeUTF8(
        _ buf: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool, into out: inout [UInt8]
    ) {
        var i = start
        let n = buf.count
        out.reserveCapacity(out.count + n - start)
        while i < n {
            if !lastWasCR, let base = buf.baseAddress {
                // A run of plain ASCII (no CR, no NUL) goes out as it is, eight bytes tested at a time.
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080, crs = 0x0D * ones
                @inline(__always) func zeros(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
                var j = i
                while j + 8 <= n {
                    let w = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: j, as: UInt64.self)
                    if (w & highs) | zeros(w ^ crs) | zeros(w) != 0 { break }
                    j += 8
                }
                if j > i {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: j - i))
                    i = j
                    if i == n { break }
                }
            }
            let b = buf[i]
            if b < 0x80 { emit(b, into: &out); i += 1; continue }
            let (len, lo, hi) = Transcoder.sequence(b)
            var valid = len > 0
            if valid {
                if i + len > n {
                    // Incomplete at the end of this chunk: wait for more unless the prefix is already wrong.
                    var prefixOK = true
                    for k in 1..<(n - i) {
                        let c = buf[i + k]
                        if k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF) { prefixOK = false; break }
                    }
                    if prefixOK && !final {
                        pending.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<n])); return
                    }
                    valid = false
                } else {
                    for k in 1..<len {
                        let c = buf[i + k]
                        if k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF) { valid = false; break }
                    }
                }
            }
            if valid {
                sawMultibyte = true
                lastWasCR = false
                for k in 0..<len { out.append(buf[i + k]) }
                i += len
            } else {
                if encoding == .windows1252 {
                    // a byte of the file's own encoding
                } else if !sawMultibyte && encoding == .utf8 {
                    encoding = .windows1252
                } else {
                    invalidBytes += 1
                }
                emitCP1252(b, into: &out)
                i += 1
            }
        }
    }

    private mutating func decodeUTF16(
        _ buf: UnsafeBufferPointer<UInt8>, from start: Int, bigEndian: Bool, final: Bool, into out: inout [UInt8]
    ) {
        var i = start
        while i + 1 < buf.count {
            let u = bigEndian ? UInt16(buf[i]) << 8 | UInt16(buf[i + 1]) : UInt16(buf[i + 1]) << 8 | UInt16(buf[i])
            i += 2
            if highSurrogate != 0 {
                let h = highSurrogate
                highSurrogate = 0
                if (0xDC00...0xDFFF).contains(u) {
                    emitScalar(0x10000 + ((UInt32(h) - 0xD800) << 10) + (UInt32(u) - 0xDC00), into: &out)
                    continue
                }
                invalidBytes += 2; emitScalar(0xFFFD, into: &out)
            }
            if (0xD800...0xDBFF).contains(u) { highSurrogate = u; continue }
            if (0xDC00...0xDFFF).contains(u) { invalidBytes += 2; emitScalar(0xFFFD, into: &out); continue }
            emitScalar(UInt32(u), into: &out)
        }
        if i < buf.count {
            if final { invalidBytes += 1 } else { pending.append(buf[i]) }
        }
        if final && highSurrogate != 0 { invalidBytes += 2; highSurrogate = 0; emitScalar(0xFFFD, into: &out) }
    }

    /// UTF-32 code units; one that is no scalar (a surrogate, past U+10FFFF) reads as U+FFFD, its bytes counted
    /// in `invalidBytes`, as are a last unit's bytes short of four.
    private mutating func decodeUTF32(
        _ buf: UnsafeBufferPointer<UInt8>, from start: Int, bigEndian: Bool, final: Bool, into out: inout [UInt8]
    ) {
        var i = start
        while i + 3 < buf.count {
            let b = (UInt32(buf[i]), UInt32(buf[i + 1]), UInt32(buf[i + 2]), UInt32(buf[i + 3]))
            let u = bigEndian ? b.0 << 24 | b.1 << 16 | b.2 << 8 | b.3 : b.3 << 24 | b.2 << 16 | b.1 << 8 | b.0
            i += 4
            if u > 0x10FFFF || (0xD800...0xDFFF).contains(u) {
                invalidBytes += 4; emitScalar(0xFFFD, into: &out)
            } else {
                emitScalar(u, into: &out)
            }
        }
        if i < buf.count {
            if final { invalidBytes += buf.count - i } else { pending.append(contentsOf: buf[i...]) }
        }
    }

    /// A UTF-8 lead byte's sequence length (0: not a lead byte) and the range of its second byte (`Validation`).
    @inline(__always) static func sequence(_ b: UInt8) -> (length: Int, lo: UInt8, hi: UInt8) { Validation.sequence(b) }

    /// Windows-1252 bytes 0x80–0xFF as Unicode scalars (undefined bytes map to the C1 controls, as browsers do).
    static let cp1252: [UInt32] = {
        var t = (0..<256).map { UInt32($0) }
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
            0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        for k in 0..<32 { t[0x80 + k] = high[k] }
        return t
    }()
}
