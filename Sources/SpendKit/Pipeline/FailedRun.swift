import Foundation

/// What a run that fails on its rows leaves behind, so that it tells why: the rejects in `failed/rejects.csv`
/// beside the published reports (never inside a year folder), and the most frequent reasons for stderr.
enum FailedRun {
    /// A reason without the values it quotes: "amount does not parse: '12x'" and "…: '1,2,3'" are one kind.
    static func kind(of reason: String) -> String {
        var out = ""
        var quoted = false
        for ch in reason {
            if ch == "'" { quoted.toggle(); if !quoted { out += "'…'" }; continue }
            if !quoted { out.append(ch) }
        }
        return quoted ? reason : out
    }

    /// The `top` most frequent kinds of reason, each with its count and first `file:line`, and the values that
    /// first row quotes (masked, cut at 40 characters), so the summary shows what the column held.
    static func summary(_ rejects: RowIssues, top: Int = 10) -> [String] {
        var kinds: [String: (count: Int, first: RowIssue, order: Int)] = [:]
        for r in rejects {
            let k = kind(of: r.reason)
            if let e = kinds[k] { kinds[k] = (e.count + 1, e.first, e.order) } else { kinds[k] = (1, r, kinds.count) }
        }
        return kinds.sorted {
            $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.order < $1.value.order
        }
        .prefix(top).map { k, v in
            let values = quoted(in: v.first.reason).map { ", " + $0 }.joined()
            return "\(v.count) × \(k) (first: \(v.first.file):\(v.first.line)\(values))\(v.count >= 10 ? hint(k) : "")"
        }
    }

    /// What many rows of one kind may say of the file: rows with more fields than the header names (Newcastle's
    /// export of August 2022, whose last column has no name) are a header short of a name, not rows gone wrong.
    static func hint(_ kind: String) -> String {
        let words = kind.split(separator: " ")
        guard words.count == 5, words[0] == "expected", words[2] == "fields,", words[3] == "found",
            let expected = Int(words[1]), let found = Int(words[4]), found > expected
        else { return "" }
        return "; if the header leaves a column without a name, give it one, and the rows read"
    }

    /// The values a reason quotes (`'12x'`), masked and each cut at 40 characters.
    static func quoted(in reason: String) -> [String] {
        guard kind(of: reason) != reason else { return [] }
        var out: [String] = [], current = "", inside = false
        for ch in PersonalData.masked(reason) {
            if ch == "'" {
                if inside { out.append("'" + (current.count > 40 ? current.prefix(40) + "…" : current) + "'") }
                inside.toggle(); current = ""
                continue
            }
            if inside { current.append(ch) }
        }
        return out
    }

    /// Removes an earlier failed run's `outDir/failed/rejects.csv` (and `failed` when that leaves it empty) once a run
    /// has read its input well: beside fresh reports it would tell of a failure that is no longer so. A symlink or a
    /// folder of the user's own in its place is left alone.
    static func clear(in outDir: String) {
        let dir = outDir + "/failed", path = dir + "/rejects.csv"
        var st = stat()
        guard lstat(dir, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, lstat(path, &st) == 0,
            st.st_mode & S_IFMT == S_IFREG
        else { return }
        unlink(path)
        rmdir(dir)  // only when empty
    }

    /// Writes `outDir/failed/rejects.csv`; returns its path, or nil when it could not be written (the error says why
    /// the run failed either way). A `failed` that is a symlink is never written through.
    /// Files are named as the year's rejects.csv names them (relative to the config file, `PathDisplay.forRun`).
    static func keep(_ rejects: RowIssues, in outDir: String, configPath: String?, files: [String]) -> String? {
        let paths = PathDisplay.forRun(configPath: configPath, files: files)
        let dir = outDir + "/failed"
        var st = stat()
        if lstat(dir, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { return nil }
        } else if (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) == nil {
            return nil
        }
        let path = dir + "/rejects.csv"
        do {
            try writeAtomically(to: path) { sink in
                var w = CSVWriter(header: ["fil", "rad", "orsak"])
                for r in rejects {
                    let (file, reason) = (paths.show(r.file), PersonalData.masked(r.reason))
                    w.row([.text(file), .number(String(r.line)), .text(reason)])
                    if w.bytes.count >= 1 << 18 { try sink(w.take()) }
                }
                try sink(w.take())
            }
            return path
        } catch {
            return nil
        }
    }
}
