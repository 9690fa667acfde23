/// Reads a rule's regular expression (ICU syntax) far enough to refuse what can take exponential time under a
/// backtracking engine — a repeated group that holds a variable quantifier (`(a+)+`, `(a*)*`, `(a?){2,}`) or an
/// alternation (`(a|a)*`), and backreferences (`\1`, `\k<name>`) — and to place unbalanced `(`, `)`, `[`.
///
/// Lookaround stays allowed: ICU runs it atomically, and the subject cap and the step budget in `TextPattern`
/// bound what is left (polynomial patterns such as `.*.*.*x`).
enum RegexCheck {
    struct Finding: Equatable {
        /// Offset in the expression (Unicode scalars, 0-based).
        var offset: Int
        var message: String
        /// A syntax problem (the expression would not compile either), not a refusal.
        var structural: Bool
    }

    /// What the scan found: the first problem, and for the cost estimate each variable quantifier's number of
    /// choices (nil: unbounded) and the product of the alternations' branch counts.
    struct Summary {
        var finding: Finding?
        var choices: [Int?] = []
        var branches = 1.0
    }

    /// The first problem in `u`; `base` is the expression's offset in its cell, for messages in cell characters.
    static func check(_ u: [Unicode.Scalar], base: Int) -> Finding? { analyse(u, base: base).finding }

    /// Scans `u` once: its first problem, and what `fastLength` needs.
    static func analyse(_ u: [Unicode.Scalar], base: Int) -> Summary {
        var summary = Summary()
        summary.finding = scan(u, base: base, &summary)
        return summary
    }

    /// The longest text (in UTF-16 units) on which a backtracking match of an expression that passed the check
    /// needs fewer than `steps` steps by a rough upper bound: (start positions) × (pattern + text length) ×
    /// (choices of each variable quantifier) × (branches of each alternation). Up to it, no step budget is needed.
    static func fastLength(
        _ s: Summary, patternLength m: Int, steps: Double = 1_000_000, limit: Int = TextPattern.maxSubjectBytes
    ) -> Int {
        func cost(_ n: Int) -> Double {
            s.choices.reduce(Double(n + 1) * Double(m + n) * s.branches) { $0 * Double(min(n + 1, $1 ?? n + 1)) }
        }
        var n = 0
        while n < limit && cost(n + 1) <= steps { n += 1 }
        return cost(n) <= steps ? n : -1
    }

    private static func scan(_ u: [Unicode.Scalar], base: Int, _ summary: inout Summary) -> Finding? {
        struct Frame { var open: Int; var quantifier: Int?; var alternation: Int?; var bars = 0 }
        var stack = [Frame(open: -1)]
        let n = u.count
        func at(_ k: Int) -> String { "character \(base + k + 1)" }
        func quantifierText(_ k: Int) -> String {
            quantifier(u, k).map { String(String.UnicodeScalarView(u[k..<k + $0.length])) } ?? "?"
        }
        var i = 0
        while i < n {
            var group: Frame?
            switch u[i] {
            case "\\":
                guard i + 1 < n else {
                    return Finding(offset: i, message: "the \\ at \(at(i)) escapes nothing", structural: true)
                }
                let d = u[i + 1]
                if ("1"..."9").contains(d) || (d == "k" && i + 2 < n && u[i + 2] == "<") {
                    return Finding(
                        offset: i,
                        message:
                            "backreference \\\(d) at \(at(i)): backreferences can take exponential time and are not allowed in rules",
                        structural: false)
                }
                if d == "Q" {
                    var j = i + 2
                    while j + 1 < n && !(u[j] == "\\" && u[j + 1] == "E") { j += 1 }
                    i = min(n, j + 2)
                } else if "pPNx".unicodeScalars.contains(d), i + 2 < n, u[i + 2] == "{" {
                    var j = i + 3
                    while j < n && u[j] != "}" { j += 1 }
                    i = min(n, j + 1)
                } else {
                    i += 2
                }
            case "[":
                var j = i + 1
                if j < n && u[j] == "^" { j += 1 }
                if j < n && u[j] == "]" { j += 1 }
                var depth = 1
                while j < n && depth > 0 {
                    if u[j] == "\\" { j += 2; continue }
                    if u[j] == "[" { depth += 1 } else if u[j] == "]" { depth -= 1 }
                    j += 1
                }
                if depth > 0 {
                    return Finding(
                        offset: i, message: "the [ at \(at(i)) opens a character class that no ] closes",
                        structural: true)
                }
                i = j
            case "(":
                var j = i + 1
                if j < n && u[j] == "?" {
                    j += 1
                    if j < n && u[j] == "#" {  // a comment
                        while j < n && u[j] != ")" { j += 1 }
                        i = j + 1
                        continue
                    }
                    var k = j
                    while k < n && (u[k].properties.isAlphabetic || u[k] == "-") { k += 1 }
                    if k < n && u[k] == ")" && k > j { i = k + 1; continue }  // flags for the rest: (?i)
                    if k < n && u[k] == ":" && k > j {
                        j = k + 1
                    }  // flags for a group: (?i:…)
                    else if j < n && ":=!>".unicodeScalars.contains(u[j]) {
                        j += 1
                    } else if j < n && u[j] == "<" {
                        j += 1
                        if j < n && "=!".unicodeScalars.contains(u[j]) {
                            j += 1
                        } else {
                            while j < n && u[j] != ">" { j += 1 }
                            j += 1
                        }
                    }
                }
                stack.append(Frame(open: i))
                i = j
                continue
            case ")":
                guard stack.count > 1 else {
                    return Finding(offset: i, message: "the ) at \(at(i)) closes no (", structural: true)
                }
                group = stack.removeLast()
                summary.branches *= Double(group!.bars + 1)
                i += 1
            case "|":
                if stack[stack.count - 1].alternation == nil { stack[stack.count - 1].alternation = i }
                stack[stack.count - 1].bars += 1
                i += 1
                continue
            default:
                i += 1
            }
            // `i` is past an atom (a group when `group` is set): its quantifier, if any.
            let top = stack.count - 1
            guard let q = quantifier(u, i) else {
                if let group {
                    stack[top].quantifier = stack[top].quantifier ?? group.quantifier
                    stack[top].alternation = stack[top].alternation ?? group.alternation
                }
                continue
            }
            let repeating = q.max.map { $0 > 1 } ?? true
            if let group, repeating {
                if let inner = group.quantifier {
                    return Finding(
                        offset: i,
                        message:
                            "nested quantifier: the group opened at \(at(group.open)) is repeated by \(quantifierText(i)) at \(at(i)) and itself holds the quantifier \(quantifierText(inner)) at \(at(inner)); this can take exponential time, so write the repetition once (a+ rather than (a+)+)",
                        structural: false)
                }
                if let alt = group.alternation {
                    return Finding(
                        offset: i,
                        message:
                            "repeated alternation: the group opened at \(at(group.open)) holds the | at \(at(alt)) and is repeated by \(quantifierText(i)) at \(at(i)); this can take exponential time (for single characters use a class: [ab]+ rather than (a|b)+)",
                        structural: false)
                }
            }
            if q.min != q.max { summary.choices.append(q.max.map { $0 - q.min + 1 }) }
            stack[top].quantifier = stack[top].quantifier ?? group?.quantifier ?? (q.min != q.max ? i : nil)
            stack[top].alternation = stack[top].alternation ?? group?.alternation
            i += q.length
            if i < n && (u[i] == "?" || u[i] == "+") { i += 1 }  // lazy or possessive
        }
        summary.branches *= Double(stack[0].bars + 1)
        if stack.count > 1 {
            return Finding(
                offset: stack[stack.count - 1].open,
                message: "the ( at \(at(stack[stack.count - 1].open)) is never closed by )", structural: true)
        }
        return nil
    }

    /// The quantifier at `i`: `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}`; `max` nil when unbounded.
    static func quantifier(_ u: [Unicode.Scalar], _ i: Int) -> (min: Int, max: Int?, length: Int)? {
        guard i < u.count else { return nil }
        switch u[i] {
        case "*": return (0, nil, 1)
        case "+": return (1, nil, 1)
        case "?": return (0, 1, 1)
        case "{":
            var j = i + 1
            func number() -> Int? {
                let s = j
                while j < u.count && ("0"..."9").contains(u[j]) { j += 1 }
                guard j > s else { return nil }
                return min(Int(String(String.UnicodeScalarView(u[s..<j]))) ?? Int.max, 1_000_000_000)
            }
            guard let lo = number() else { return nil }
            if j < u.count && u[j] == "}" { return (lo, lo, j + 1 - i) }
            guard j < u.count && u[j] == "," else { return nil }
            j += 1
            let hi = number()
            guard j < u.count && u[j] == "}" else { return nil }
            return (lo, hi, j + 1 - i)
        default: return nil
        }
    }
}
