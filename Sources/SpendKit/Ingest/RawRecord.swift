/// One parsed CSV record: the fields' bytes back to back, their end offsets and the physical line it starts on.
public struct RawRecord {
    public var bytes: [UInt8] = []
    public var ends: [Int] = []
    public var line: Int = 0

    public var count: Int { ends.count }

    public func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    public func string(_ i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }
}
