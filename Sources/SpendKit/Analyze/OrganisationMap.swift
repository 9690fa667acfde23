/// Maps cost centres (exact, range, prefix) or förvaltning names to boards (SPEC §3.5).
public struct OrganisationMap: Sendable {
    public struct Entry: Sendable { var kst: AccountPattern?; var forvaltning: String; var namnd: String }
    public var entries: [Entry]
    private var byName: [String: String] = [:]
    private var exact: [String: String] = [:]
    public static let unknown = "Okänd nämnd"

    public init(entries: [Entry]) {
        self.entries = entries
        for e in entries {
            if e.kst == nil { byName[foldHeader(e.forvaltning)] = e.namnd }
            if case .exact(let k)? = e.kst, exact[k] == nil { exact[k] = e.namnd }
        }
    }

    public static func load(_ path: String) throws -> OrganisationMap {
        let t = try CSVTable.read(path)
        let idx = try t.requireHeader(["kst", "forvaltning", "namnd"])
        var entries: [Entry] = []
        for (line, f) in t.rows {
            func cell(_ c: String) -> String { let i = idx[c]!; return i < f.count ? f[i] : "" }
            let k = cell("kst")
            var pattern: AccountPattern?
            if !k.isEmpty {
                guard let p = AccountPattern.parse(k) else { throw AnalyzeError(path: path, line: line, message: "kst: '\(k)' is not a code, range or prefix") }
                pattern = p
            }
            guard !cell("namnd").isEmpty else { throw AnalyzeError(path: path, line: line, message: "namnd is empty") }
            entries.append(Entry(kst: pattern, forvaltning: cell("forvaltning"), namnd: cell("namnd")))
        }
        return OrganisationMap(entries: entries)
    }

    /// The board of a line; `mapped` is false when it went to `Okänd nämnd`.
    public func board(costCentre: String, exportBoard: String) -> (name: String, mapped: Bool) {
        if !costCentre.isEmpty {
            if let n = exact[costCentre] { return (n, true) }
            for e in entries { if let p = e.kst, p.matches(costCentre) { return (e.namnd, true) } }
        }
        if !exportBoard.isEmpty, let n = byName[foldHeader(exportBoard)] { return (n, true) }
        return (OrganisationMap.unknown, false)
    }
}
