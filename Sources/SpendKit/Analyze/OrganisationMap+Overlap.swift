/// Finding two rows of an organisation map that one cost centre (or one name) could match, in O(n log n) rather
/// than comparing every pair, so a large map loads fast.
extension OrganisationMap {
    /// The first pair of rows (earlier, later) that overlap, if any.
    static func overlap(_ entries: [Entry]) -> (Entry, Entry)? {
        var found: (Entry, Entry)?
        func note(_ a: Entry, _ b: Entry) {
            let pair = a.line <= b.line ? (a, b) : (b, a)
            if found == nil || pair.1.line < found!.1.line
                || (pair.1.line == found!.1.line && pair.0.line < found!.0.line)
            {
                found = pair
            }
        }
        var names: [String: Entry] = [:], exact: [String: Entry] = [:], prefixes: [String: Entry] = [:]
        var ranges: [Int: [Entry]] = [:]
        for e in entries {
            switch e.kst {
            case nil:
                let k = nameKey(e.forvaltning)
                if let a = names[k] { note(a, e) } else { names[k] = e }
            case .exact(let c)?:
                if let a = exact[c] { note(a, e) } else { exact[c] = e }
            case .prefix(let p)?:
                if let a = prefixes[p] { note(a, e) } else { prefixes[p] = e }
            case .range(_, _, let d)?:
                ranges[d, default: []].append(e)
            case .codes?: break  // codes with letters: not checked for overlap
            }
        }
        // Prefix within prefix: in sorted order, a prefix of another is a prefix of its successor.
        let sortedPrefixes = prefixes.keys.sorted()
        for (a, b) in zip(sortedPrefixes, sortedPrefixes.dropFirst()) where b.hasPrefix(a) {
            note(prefixes[a]!, prefixes[b]!)
        }
        // An exact code under a prefix.
        for (c, e) in exact {
            for n in 1...c.count { if let p = prefixes[String(c.prefix(n))] { note(p, e) } }
        }
        // Ranges against ranges, codes and prefixes of their width: intervals of equal-width digit strings.
        for (d, rs) in ranges {
            var spans: [(lo: String, hi: String, entry: Entry)] = []
            for r in rs { if case .range(let lo, let hi, _)? = r.kst { spans.append((AccountPattern.padded(lo, d), AccountPattern.padded(hi, d), r)) } }
            for (c, e) in exact where c.count == d && c.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                spans.append((c, c, e))
            }
            for (p, e) in prefixes where p.count <= d && p.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                spans.append(
                    (p + String(repeating: "0", count: d - p.count), p + String(repeating: "9", count: d - p.count), e))
            }
            spans.sort { $0.lo != $1.lo ? $0.lo < $1.lo : $0.entry.line < $1.entry.line }
            var widest: (hi: String, entry: Entry)?
            for s in spans {
                if let w = widest, s.lo <= w.hi { note(w.entry, s.entry) }
                if widest == nil || s.hi > widest!.hi { widest = (s.hi, s.entry) }
            }
        }
        return found
    }
}
