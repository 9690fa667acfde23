import Foundation

/// The plan of one publish, written into the staging folder before the first rename, so that a run killed while
/// swapping its outputs in is completed by the next run as one set: each entry with the identity of its staged copy
/// (which tells, after a kill, whether it is in place yet), the archive name and how many archives to keep.
struct PublishJournal: Equatable {
    struct Entry: Equatable {
        var name: String
        var id: SafeFS.ID
    }

    var entries: [Entry]
    /// Replaced entries go to `archive/<name>/<stamp>…`, the latest `archiveKeep` kept; nil: they are removed.
    var archiveKeep: Int?
    var stamp: String

    static let fileName = ".journal"
    private static let magic = "spend publish journal 1"

    /// The journal as text: a header line, `stamp S`, `archive N|none`, then `entry DEV INO NAME` per entry.
    func encoded() -> [UInt8] {
        var lines = [PublishJournal.magic, "stamp \(stamp)", "archive \(archiveKeep.map(String.init) ?? "none")"]
        lines += entries.map { "entry \($0.id.dev) \($0.id.ino) \($0.name)" }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Reads a journal; nil when there is none, or it is not a plain file, or it does not parse.
    static func load(_ path: String) -> PublishJournal? {
        guard SafeFS.kind(path) == .file else { return nil }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = [], buf = [UInt8](repeating: 0, count: 1 << 14)
        while bytes.count < 1 << 20 {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            bytes += buf[0..<n]
        }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    static func parse(_ text: String) -> PublishJournal? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.first == magic else { return nil }
        lines.removeFirst()
        var j = PublishJournal(entries: [], archiveKeep: nil, stamp: "")
        for line in lines {
            let f = line.split(separator: " ", maxSplits: 3).map(String.init)
            switch (f.first, f.count) {
            case ("stamp", 2): j.stamp = f[1]
            case ("archive", 2):
                if f[1] != "none" { guard let k = Int(f[1]), k >= 0 else { return nil }; j.archiveKeep = k }
            case ("entry", 4):
                guard let dev = UInt64(f[1]), let ino = UInt64(f[2]), !f[3].contains("/"), !f[3].hasPrefix(".") else {
                    return nil
                }
                j.entries.append(Entry(name: f[3], id: SafeFS.ID(dev: dev, ino: ino)))
            default: return nil
            }
        }
        return j.stamp.isEmpty || j.stamp.contains("/") ? nil : j
    }
}
