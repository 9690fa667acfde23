import Foundation

/// Maps cost centres (exact, range, prefix) or förvaltning names to boards (SPEC §3.5).
public struct OrganisationMap: Sendable {
    public struct Entry: Sendable {
        var kst: AccountPattern?; var forvaltning: String; var namnd: String
        /// The row's line in the map file (0 for a map built in code).
        var line = 0
    }
    public var entries: [Entry]
    private var byName: [String: String] = [:]
    private var exact: [String: String] = [:]
    /// Board names of the data no row mapped (lines without a cost centre), for the run's warning.
    public let unmappedNames = UnmappedNames()
    public static let unknown = "Okänd nämnd"

    public init(entries: [Entry]) {
        self.entries = entries
        for e in entries {
            if e.kst == nil, byName[OrganisationMap.nameKey(e.forvaltning)] == nil {
                byName[OrganisationMap.nameKey(e.forvaltning)] = e.namnd
            }
            if case .exact(let k)? = e.kst, exact[k] == nil { exact[k] = e.namnd }
        }
    }

    /// How a board or förvaltning name is compared, the same on the map's side and the data's: blanks at the ends
    /// dropped, every run of blanks (tab, no-break space) one space, case ignored; å, ä and ö stay letters of their own.
    public static func nameKey(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    /// Reads the map; a bad code, an empty row, and two rows that can match one cost centre or one name (naming
    /// both lines) are errors (exit 65).
    /// `asWritten`: a map a part carries, its names masked already (`ContractRegister.load`'s reason).
    public static func load(_ path: String, asWritten: Bool = false) throws -> OrganisationMap {
        let t = try CSVTable.read(path)
        let idx = try t.requireHeader(["kst", "forvaltning", "namnd"])
        var entries: [Entry] = []
        for (line, f) in t.rows {
            func cell(_ c: String) -> String { let i = idx[c]!; return i < f.count ? f[i] : "" }
            let k = cell("kst")
            var pattern: AccountPattern?
            if !k.isEmpty {
                guard let p = AccountPattern.parse(k) else {
                    throw AnalyzeError(path: path, line: line, message: "kst: '\(k)' is not a code, range or prefix")
                }
                pattern = p
            } else if nameKey(cell("forvaltning")).isEmpty {
                throw AnalyzeError(
                    path: path, line: line, message: "row has neither kst nor forvaltning, so it maps nothing")
            }
            guard !cell("namnd").isEmpty else { throw AnalyzeError(path: path, line: line, message: "namnd is empty") }
            // The board name goes out as it is: masked once, here (the förvaltning stays as it is: a key that the
            // export's board column matches).
            let namnd = asWritten ? cell("namnd") : PersonalData.masked(cell("namnd"))
            entries.append(Entry(kst: pattern, forvaltning: cell("forvaltning"), namnd: namnd, line: line))
        }
        if !asWritten, let (a, b) = overlap(entries) {  // checked when the part was made, on the names as written
            let what = b.kst.map { "kst '\($0)'" } ?? "forvaltning '\(b.forvaltning)'"
            let other = a.kst.map { "'\($0)'" } ?? "'\(a.forvaltning)'"
            throw AnalyzeError(
                path: path, line: b.line,
                message:
                    "\(what) overlaps line \(a.line) (\(other)): one \(b.kst == nil ? "name" : "cost centre") would match both rows"
            )
        }
        return OrganisationMap(entries: entries)
    }

    /// The board of a line; `mapped` is false when it went to `Okänd nämnd`.
    public func board(costCentre: String, exportBoard: String) -> (name: String, mapped: Bool) {
        if !costCentre.isEmpty {
            if let n = exact[costCentre] { return (n, true) }
            for e in entries { if let p = e.kst, p.matches(costCentre) { return (e.namnd, true) } }
        }
        if !exportBoard.isEmpty {
            if let n = byName[OrganisationMap.nameKey(exportBoard)] { return (n, true) }
            if costCentre.isEmpty { unmappedNames.insert(exportBoard) }
        }
        return (OrganisationMap.unknown, false)
    }
}

/// Board names no row mapped, gathered from every thread of a run; the first `limit` are kept, the rest counted.
public final class UnmappedNames: @unchecked Sendable {  // every access under `lock`
    private let lock = NSLock()
    private var names = Set<String>()
    private var more = false
    static let limit = 1000

    func insert(_ s: String) {
        lock.lock(); defer { lock.unlock() }
        if names.count < UnmappedNames.limit { names.insert(s) } else if !names.contains(s) { more = true }
    }

    /// The names kept, sorted.
    public var sorted: [String] { lock.lock(); defer { lock.unlock() }; return names.sorted() }
    /// Whether more names went unmapped than were kept.
    public var truncated: Bool { lock.lock(); defer { lock.unlock() }; return more }
}
