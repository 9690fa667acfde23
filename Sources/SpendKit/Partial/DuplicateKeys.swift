import Foundation

/// Duplicate keys with where each first stands, the currency of the cross-shard duplicate check (SPEC §4).
///
/// `spend partial --emit-keys F` writes every distinct duplicate key of its files with its first `file:line`; the
/// engine groups all shards' keys by key, and for each key found in more than one shard hands each later shard the
/// key and its first place in the run (`spend partial --earlier F`): that shard then drops its lines with the key
/// as repeats of that line, exactly as one run over all files in order does.
///
/// The file (`spend-keys/1`): one JSON line `{"schema":"spend-keys/1","records":N,"files":{"3":"dumps/d3.csv",…}}`
/// naming the run's file numbers the records use, then N records of 16 bytes, sorted by key: the key (64-bit
/// FNV-1a, `DuplicateCheck.key`) and the place `file << 40 | line`, both unsigned little-endian.
struct DuplicateKeys {
    static let schema = "spend-keys/1"

    struct Record: Comparable {
        var key: UInt64
        var place: UInt64
        var file: Int { Int(place >> 40) }
        var line: Int { Int(place & (1 << 40 - 1)) }
        init(key: UInt64, file: Int, line: Int) { self.key = key; place = UInt64(file) << 40 | UInt64(line) }
        init(key: UInt64, place: UInt64) { self.key = key; self.place = place }
        static func < (a: Record, b: Record) -> Bool { (a.key, a.place) < (b.key, b.place) }
    }

    /// File names by their number in the run.
    var files: [Int: String] = [:]
    var records: [Record] = []

    private struct Header: Codable {
        var schema: String
        var records: Int
        var files: [String: String]
    }

    func write(to path: String) throws {
        let header = Header(
            schema: DuplicateKeys.schema, records: records.count,
            files: Dictionary(uniqueKeysWithValues: files.map { (String($0.key), $0.value) }))
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array(try e.encode(header)) + [0x0A]
        bytes.reserveCapacity(bytes.count + 16 * records.count)
        for r in records.sorted() {
            withUnsafeBytes(of: r.key.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: r.place.littleEndian) { bytes += $0 }
        }
        try DuplicateKeys.writeAtomically(bytes, to: path)
    }

    static func read(_ path: String) throws -> DuplicateKeys {
        guard let data = FileManager.default.contents(atPath: path) else {
            if !FileManager.default.fileExists(atPath: path) { throw IngestError.missingFile(path: path) }
            throw PartError.unreadable(path: path, reason: "cannot read")
        }
        let bytes = [UInt8](data)
        func bad(_ why: String) -> PartError {
            PartError.unreadable(path: path, reason: "not a \(schema) file: \(why)")
        }
        guard let nl = bytes.firstIndex(of: 0x0A),
            let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[..<nl])),
            header.schema == schema
        else { throw bad("no header") }
        guard bytes.count - nl - 1 == 16 * header.records else {
            throw bad("\(header.records) records announced, \(bytes.count - nl - 1) bytes follow")
        }
        var out = DuplicateKeys()
        for (k, v) in header.files {
            guard let i = Int(k), i >= 0 else { throw bad("'\(k)' is not a file number") }
            out.files[i] = v
        }
        out.records.reserveCapacity(header.records)
        bytes.withUnsafeBytes { raw in
            for i in 0..<header.records {
                let at = nl + 1 + 16 * i
                out.records.append(
                    Record(
                        key: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)),
                        place: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))))
            }
        }
        for r in out.records where out.files[r.file] == nil {
            throw bad("record of file \(r.file), which the header does not name")
        }
        return out
    }
}

extension DuplicateKeys {
    /// Writes `bytes` to a temp file beside `path` and renames it into place.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: Data(bytes)) else {
            throw RunError.cannotWrite(path: path, reason: "cannot create \(temp)")
        }
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw RunError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
