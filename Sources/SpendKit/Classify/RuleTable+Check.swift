/// Findings of `spend rules check`: errors make the check fail, warnings do not.
public struct RuleFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var line: Int
    public var message: String
    public var path: String
    /// The column in the line, for a finding about one alternative of a cell.
    public var column: Int? = nil
    public var description: String {
        "\(path):\(line)\(column.map { ":\($0)" } ?? ""): \(severity.rawValue): \(message)"
    }
}

extension RuleTable {
    /// Shadowed rules (an earlier rule matches everything they match), conflicting and plain duplicates, and —
    /// given the hit counts of a classified data set — rules that never matched.
    public func check(hits: [Int]? = nil) -> [RuleFinding] {
        var out: [RuleFinding] = []
        for (j, b) in rules.enumerated() {
            for a in rules[..<j] {
                guard a.covers(b) else { continue }
                if b.covers(a) {
                    let same = a.category == b.category && a.subcategory == b.subcategory
                    out.append(
                        RuleFinding(
                            severity: same ? .warning : .error, line: b.line,
                            message: same
                                ? "duplicate of the rule on line \(a.line)"
                                : "same conditions as line \(a.line) but \(b.category)/\(b.subcategory) instead of \(a.category)/\(a.subcategory): line \(a.line) always wins",
                            path: path))
                } else if !a.hasCondition {
                    out.append(
                        RuleFinding(
                            severity: .warning, line: b.line,
                            message: "can never fire: the catch-all rule on line \(a.line) takes every line first",
                            path: path))
                } else {
                    out.append(
                        RuleFinding(
                            severity: .warning, line: b.line,
                            message: "can never fire: the rule on line \(a.line) matches everything it matches",
                            path: path))
                }
                break
            }
        }
        // A catch-all says what it takes and what it shadows, so that one written on purpose is seen to be.
        for (i, r) in rules.enumerated() where !r.hasCondition {
            let later = rules[(i + 1)...].map(\.line)
            let shadows =
                later.isEmpty
                ? "it is the last rule"
                : "it shadows the \(later.count) rule\(later.count == 1 ? "" : "s") after it (line\(later.count == 1 ? "" : "s") \(later.prefix(10).map(String.init).joined(separator: ", "))\(later.count > 10 ? ", …" : ""))"
            out.append(
                RuleFinding(
                    severity: .warning, line: r.line,
                    message:
                        "catch-all rule: every line no earlier rule matched goes to \(r.category)/\(r.subcategory); \(shadows)",
                    path: path))
        }
        if let hits {
            for (i, r) in rules.enumerated() where hits[i] == 0 && !out.contains(where: { $0.line == r.line }) {
                out.append(
                    RuleFinding(
                        severity: .warning, line: r.line, message: "never matched a line of the data", path: path))
            }
        }
        return out.sorted { ($0.line, $0.column ?? 0, $0.message) < ($1.line, $1.column ?? 0, $1.message) }
    }

    /// The findings after classifying a data set with `c`: those of `check(hits:)`, each regular expression that
    /// matched no text of the data (when `c` tracked them), and each that gave up on its step budget (an error:
    /// the lines it gave up on were classified as if it did not match).
    public func check(classified c: Classifier) -> [RuleFinding] {
        var out = check(hits: c.hits)
        func finding(_ ref: RegexRef, _ severity: RuleFinding.Severity, _ message: String) -> RuleFinding {
            let p = ref.pattern(in: self)
            return RuleFinding(
                severity: severity, line: rules[ref.rule].line,
                message: "\(ref.field.rawValue) \(p.source): " + message,
                path: path, column: p.column > 0 ? p.column : nil)
        }
        if c.tracksRegexUsage {
            for ref in c.unmatchedRegexes.sorted() {
                out.append(finding(ref, .warning, "regular expression never matched a text of the data"))
            }
        }
        for (ref, o) in c.overruns.sorted(by: { $0.key < $1.key }) {
            out.append(
                finding(
                    ref, .error,
                    "regular expression gave up after its step budget on \(o.count) text\(o.count == 1 ? "" : "s") (the longest \(o.longest) characters) and counted them as no match; simplify it"
                ))
        }
        return out.sorted { ($0.line, $0.column ?? 0, $0.message) < ($1.line, $1.column ?? 0, $1.message) }
    }
}

extension Rule {
    /// Whether every line this rule's `other` matches is matched by `self` too (conservative: regexes cover only themselves).
    func covers(_ other: Rule) -> Bool {
        if !orgs.isEmpty && (other.orgs.isEmpty || !other.orgs.isSubset(of: orgs)) { return false }
        if !accounts.isEmpty
            && (other.accounts.isEmpty || !other.accounts.allSatisfy { o in accounts.contains { $0.covers(o) } })
        {
            return false
        }
        if !names.isEmpty && (other.names.isEmpty || !other.names.allSatisfy { o in names.contains { $0.covers(o) } }) {
            return false
        }
        if !texts.isEmpty && (other.texts.isEmpty || !other.texts.allSatisfy { o in texts.contains { $0.covers(o) } }) {
            return false
        }
        return true
    }
}

extension AccountPattern {
    /// Whether every account `other` matches is matched by `self`.
    func covers(_ other: AccountPattern) -> Bool {
        switch (self, other) {
        case (.exact(let a), .exact(let b)): return a == b
        case (.prefix(let p), .exact(let b)): return b.hasPrefix(p)
        case (.prefix(let p), .prefix(let q)): return q.hasPrefix(p)
        case (.prefix(let p), .range(let lo, let hi, let d)):
            return String(lo).count == d && String(lo).hasPrefix(p) && String(hi).hasPrefix(p)
        case (.range, .exact(let b)): return matches(b)
        case (.range(let lo, let hi, let d), .range(let lo2, let hi2, let d2)): return d == d2 && lo <= lo2 && hi2 <= hi
        case (.codes, .exact(let b)): return matches(b)
        case (.codes(let lo, _), .codes(let lo2, let hi2)):
            return matches(lo2) && matches(hi2) && lo.utf8.count == lo2.utf8.count
        case (.prefix(let p), .codes(let lo, let hi)): return lo.hasPrefix(p) && hi.hasPrefix(p)
        default: return false
        }
    }
}

extension TextPattern {
    /// A substring covers any pattern whose plain text contains it; a regex covers only the same regex.
    func covers(_ other: TextPattern) -> Bool {
        if regex != nil || other.regex != nil { return source == other.source }
        return other.needle.contains(needle)
    }
}
