/// The binary body of a part: unsigned LEB128 integers, zigzag for signed ones, texts as length and UTF-8 bytes,
/// and names (suppliers, boards, files: the strings that repeat) interned: the first time as 0, length and bytes,
/// after that as their number + 1. Bytes go to `sink` about every megabyte, so a large part is never whole in memory.
final class PartEncoder {
    private var buffer: [UInt8] = []
    private var names: [String: UInt64] = [:]
    private let sink: ([UInt8]) throws -> Void

    init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 20 + 1024)
    }

    @inline(__always) func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { buffer.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        buffer.append(UInt8(v))
    }

    @inline(__always) func count(_ n: Int) { uint(UInt64(n)) }

    @inline(__always) func int(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    func bool(_ b: Bool) { buffer.append(b ? 1 : 0) }

    func bytes(_ b: [UInt8]) {
        count(b.count)
        buffer += b
    }

    /// A string written whole every time (reasons, warnings).
    func text(_ s: String) { bytes(Array(s.utf8)) }

    /// A string that repeats: written once, referred to after.
    func name(_ s: String) {
        if let i = names[s] { uint(i + 1); return }
        names[s] = UInt64(names.count)
        uint(0)
        text(s)
    }

    /// A dictionary of names to amounts, in key order so equal figures give equal bytes.
    func amounts(_ d: [String: Int64]) {
        count(d.count)
        for k in d.keys.sorted() { name(k); int(d[k]!) }
    }

    /// Amounts by an enum's case, written as its raw value: the bytes of the same dictionary by name.
    func amounts<K: RawRepresentable>(_ d: [K: Int64]) where K.RawValue == String {
        amounts(Dictionary(uniqueKeysWithValues: d.map { ($0.key.rawValue, $0.value) }))
    }

    /// Hands the buffered bytes on when there is a megabyte of them.
    func flushIfFull() throws { if buffer.count >= 1 << 20 { try flush() } }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads what `PartEncoder` wrote, from a `ByteSource` (gzip inflated as it goes). Every read checks its bounds:
/// a truncated or damaged part is an error naming the file, never a crash.
final class PartDecoder {
    let path: String
    private let source: ByteSource
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0, end = 0
    private var names: [String] = []

    init(path: String) throws {
        self.path = path
        do { source = try ByteSource(path: path) } catch IngestError.missingFile { throw PartError.missing(path: path) }
    }

    func corrupt(_ why: String) -> PartError {
        PartError.unreadable(path: path, reason: "not a readable spend part: \(why)")
    }

    private func fill() throws -> Bool {
        if start < end { return true }
        do {
            end = try buffer.withUnsafeMutableBufferPointer { try source.read(into: $0) }
        } catch let e as IngestError {
            throw corrupt("\(e)")
        }
        start = 0
        return end > 0
    }

    @inline(__always) func byte() throws -> UInt8 {
        guard try fill() else { throw corrupt("it ends too early") }
        defer { start += 1 }
        return buffer[start]
    }

    /// The line the part starts with (its header), without the newline; at most `limit` bytes.
    func line(limit: Int = 1 << 24) throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            let b = try byte()
            if b == 0x0A { return out }
            out.append(b)
            guard out.count <= limit else { throw corrupt("no header line") }
        }
    }

    func uint() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw corrupt("a number is too long") }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    /// A count of what follows, bounded by `limit` so damage cannot ask for absurd memory.
    func count(limit: Int = 1 << 40) throws -> Int {
        let v = try uint()
        guard v <= UInt64(limit) else { throw corrupt("a count of \(v) is too large") }
        return Int(v)
    }

    func int() throws -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let b: throw corrupt("\(b) is not a truth value")
        }
    }

    func bytes() throws -> [UInt8] {
        let n = try count(limit: 1 << 31)
        var out: [UInt8] = []
        out.reserveCapacity(min(n, 1 << 20))
        while out.count < n {
            guard try fill() else { throw corrupt("it ends too early") }
            let take = min(n - out.count, end - start)
            out += buffer[start..<start + take]
            start += take
        }
        return out
    }

    func text() throws -> String { String(decoding: try bytes(), as: UTF8.self) }

    func name() throws -> String {
        let i = try uint()
        if i == 0 {
            let s = try text()
            names.append(s)
            return s
        }
        guard i <= UInt64(names.count) else { throw corrupt("name \(i) was never defined") }
        return names[Int(i - 1)]
    }

    func amounts() throws -> [String: Int64] {
        let n = try count()
        var d: [String: Int64] = [:]
        d.reserveCapacity(min(n, 1 << 16))
        for _ in 0..<n { d[try name()] = try int() }
        return d
    }
}

extension PartDecoder {
    /// Amounts by an enum's case, read from its raw value; a key that is no case is a damaged part.
    func amounts<K: RawRepresentable & Hashable>() throws -> [K: Int64] where K.RawValue == String {
        var out: [K: Int64] = [:]
        for (k, v) in try amounts() as [String: Int64] {
            guard let key = K(rawValue: k) else { throw corrupt("'\(k)' is no \(K.self)") }
            out[key] = v
        }
        return out
    }
}
