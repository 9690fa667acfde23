/// Rejected or listed excluded rows, in input order. Up to `budget` of them stay in memory; beyond that they go to
/// a `SpillFile` in blocks, so a dump of millions of bad rows is listed whole in `rejects.csv` in bounded memory.
public struct RowIssues: Sequence, Sendable, ExpressibleByArrayLiteral {
    /// Issues written out, read back when iterated; `lineShift` is added to their lines then.
    struct Block: Sendable {
        let file: SpillFile
        let offset: Int
        let bytes: Int
        var lineShift: Int
    }

    enum Part: Sendable { case memory([RowIssue]), spilled(Block) }

    private(set) var parts: [Part] = []
    public private(set) var count = 0
    /// Issues in memory.
    private var held = 0
    private var spill: SpillFile?
    static let budget = 4096

    public init() {}
    public init(_ issues: [RowIssue]) {
        if !issues.isEmpty { parts = [.memory(issues)]; count = issues.count; held = count }
    }
    public init(arrayLiteral issues: RowIssue...) { self.init(issues) }

    public var isEmpty: Bool { count == 0 }

    mutating func append(_ r: RowIssue) {
        if case .memory(var last) = parts.last {
            parts[parts.count - 1] = .memory([])  // keeps `last` uniquely referenced
            last.append(r)
            parts[parts.count - 1] = .memory(last)
        } else {
            parts.append(.memory([r]))
        }
        count += 1; held += 1
        if held >= RowIssues.budget { spillAll() }
    }

    mutating func append(contentsOf o: RowIssues) {
        parts += o.parts
        count += o.count; held += o.held
        if held >= RowIssues.budget { spillAll() }
    }

    /// Adds `offset` to every line, for the books of a worker that started counting at 1 mid-file.
    mutating func shiftLines(by offset: Int) {
        for i in parts.indices {
            switch parts[i] {
            case .memory(var issues):
                parts[i] = .memory([])
                for k in issues.indices { issues[k].line += offset }
                parts[i] = .memory(issues)
            case .spilled(var b):
                b.lineShift += offset
                parts[i] = .spilled(b)
            }
        }
    }

    /// Writes every part in memory out; a part the file cannot take stays in memory.
    private mutating func spillAll() {
        if spill == nil { spill = SpillFile() }
        guard let file = spill else { return }
        for i in parts.indices {
            guard case .memory(let issues) = parts[i], !issues.isEmpty else { continue }
            var bytes: [UInt8] = []
            for r in issues { RowIssues.encode(r, into: &bytes) }
            guard let offset = bytes.withUnsafeBytes({ file.write($0) }) else { continue }
            parts[i] = .spilled(Block(file: file, offset: offset, bytes: bytes.count, lineShift: 0))
            held -= issues.count
        }
    }

    private static func encode(_ r: RowIssue, into out: inout [UInt8]) {
        func text(_ s: String) {
            withUnsafeBytes(of: UInt32(s.utf8.count).littleEndian) { out += $0 }
            out += s.utf8
        }
        text(r.file)
        withUnsafeBytes(of: Int64(r.line).littleEndian) { out += $0 }
        text(r.reason)
    }

    /// The issues of a block; a block that cannot be read back gives one issue that says so.
    static func decode(_ b: Block) -> [RowIssue] {
        var bytes = [UInt8](repeating: 0, count: b.bytes)
        do {
            try bytes.withUnsafeMutableBytes { try b.file.read(at: b.offset, into: $0) }
        } catch {
            return [RowIssue(file: "(spill file)", line: 0, reason: "\(error)")]
        }
        var out: [RowIssue] = []
        var p = 0
        func int<T: FixedWidthInteger>(_: T.Type) -> T {
            defer { p += MemoryLayout<T>.size }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: p, as: T.self)) }
        }
        func text() -> String {
            let n = Int(int(UInt32.self))
            defer { p += n }
            return String(decoding: bytes[p..<p + n], as: UTF8.self)
        }
        while p < bytes.count {
            let file = text()
            let line = Int(int(Int64.self)) + b.lineShift
            out.append(RowIssue(file: file, line: line, reason: text()))
        }
        return out
    }

    public struct Iterator: IteratorProtocol {
        var parts: IndexingIterator<[Part]>
        var current: IndexingIterator<[RowIssue]> = [].makeIterator()

        public mutating func next() -> RowIssue? {
            while true {
                if let r = current.next() { return r }
                switch parts.next() {
                case nil: return nil
                case .memory(let issues): current = issues.makeIterator()
                case .spilled(let b): current = RowIssues.decode(b).makeIterator()
                }
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(parts: parts.makeIterator()) }
}
