import CZlib

/// A minimal ZIP archive writer (stored entries, fixed timestamps) for `.xlsx`: byte-identical for equal input.
struct ZipWriter {
    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    /// Adds a file; entries are stored (no compression), which every reader accepts.
    mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        let offset = UInt32(bytes.count)
        // local file header
        le32(&bytes, 0x0403_4B50); le16(&bytes, 20); le16(&bytes, 0x0800); le16(&bytes, 0)
        le16(&bytes, 0); le16(&bytes, 0x21)  // 1980-01-01 00:00
        le32(&bytes, crc); le32(&bytes, UInt32(data.count)); le32(&bytes, UInt32(data.count))
        le16(&bytes, UInt16(nameBytes.count)); le16(&bytes, 0)
        bytes += nameBytes
        bytes += data
        // central directory entry
        le32(&central, 0x0201_4B50); le16(&central, 20); le16(&central, 20); le16(&central, 0x0800); le16(&central, 0)
        le16(&central, 0); le16(&central, 0x21)
        le32(&central, crc); le32(&central, UInt32(data.count)); le32(&central, UInt32(data.count))
        le16(&central, UInt16(nameBytes.count)); le16(&central, 0); le16(&central, 0); le16(&central, 0);
        le16(&central, 0)
        le32(&central, 0); le32(&central, offset)
        central += nameBytes
        count += 1
    }

    /// The archive with its central directory.
    func finished() -> [UInt8] {
        var out = bytes
        let start = UInt32(out.count)
        out += central
        le32(&out, 0x0605_4B50); le16(&out, 0); le16(&out, 0)
        le16(&out, UInt16(count)); le16(&out, UInt16(count))
        le32(&out, UInt32(central.count)); le32(&out, start); le16(&out, 0)
        return out
    }

    private func le16(_ b: inout [UInt8], _ v: UInt16) { b.append(UInt8(v & 0xFF)); b.append(UInt8(v >> 8)) }
    private func le32(_ b: inout [UInt8], _ v: UInt32) {
        for i in 0..<4 { b.append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) }
    }
}
