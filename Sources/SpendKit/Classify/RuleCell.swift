import Foundation

/// The grammar of a `leverantor_namn` or `text` cell (SPEC §3.3): alternatives separated by `|`, each a literal
/// substring or `/regex/`; inside `/…/` a `|` belongs to the expression, and so does a `/` written `\/` or in `[…]`.
enum RuleCell {
    /// One alternative; offsets count Unicode scalars from the start of the (trimmed) cell, 0-based.
    struct Alternative: Equatable {
        var isRegex: Bool
        /// The literal, or the expression between the slashes as written (`\/` left for ICU to read as `/`).
        var text: String
        /// As written in the cell: the literal, or `/…/`.
        var source: String
        var start: Int
    }

    /// A place where the cell cannot be read unambiguously.
    struct Problem: Equatable {
        var offset: Int
        var message: String
    }

    /// Splits a cell into alternatives; every problem found is returned (reading goes on after the next `|`
    /// where it can; after an unclosed `/…` the rest of the cell belongs to the expression, so reading stops).
    static func parse(_ cell: String) -> (alternatives: [Alternative], problems: [Problem]) {
        let u = Array(cell.unicodeScalars), n = u.count
        var alts: [Alternative] = [], problems: [Problem] = []
        guard u.contains(where: { !isSpace($0) }) else { return ([], []) }
        var i = 0
        var bar: Int?  // the `|` before the current alternative
        while true {
            while i < n && isSpace(u[i]) { i += 1 }
            if i == n || u[i] == "|" {
                let at = i < n ? i : bar ?? 0
                let m =
                    i == n
                    ? "empty alternative after the | at character \(at + 1)"
                    : bar.map { "empty alternative between the | at characters \($0 + 1) and \(i + 1)" }
                        ?? "empty alternative before the | at character \(i + 1)"
                problems.append(Problem(offset: at, message: m + " (remove the extra |)"))
            } else if u[i] == "/" {
                let open = i
                switch scanRegex(u, from: open + 1) {
                case .closed(let close):
                    if close == open + 1 {
                        problems.append(
                            Problem(offset: open, message: "empty regular expression // at character \(open + 1)"))
                    } else {
                        alts.append(
                            Alternative(
                                isRegex: true, text: text(u[open + 1..<close]), source: text(u[open...close]),
                                start: open))
                    }
                    i = close + 1
                    while i < n && isSpace(u[i]) { i += 1 }
                    if i < n && u[i] != "|" {
                        problems.append(
                            Problem(
                                offset: i,
                                message:
                                    "text after the regular expression that the / at character \(close + 1) closes: separate alternatives with |, or write \\/ for a / inside the expression"
                            ))
                        while i < n && u[i] != "|" { i += 1 }
                    }
                case .unclosed(let classStart):
                    if let classStart {
                        problems.append(
                            Problem(
                                offset: classStart,
                                message:
                                    "the [ at character \(classStart + 1) opens a character class that no ] closes, so the regular expression opened by the / at character \(open + 1) never ends"
                            ))
                    } else {
                        problems.append(
                            Problem(
                                offset: open,
                                message:
                                    "the / at character \(open + 1) opens a regular expression that no / closes (write \\/ for a / inside it)"
                            ))
                    }
                    return (alts, problems)
                }
            } else {
                let start = i
                while i < n && u[i] != "|" { i += 1 }
                var end = i
                while end > start && isSpace(u[end - 1]) { end -= 1 }
                let t = text(u[start..<end])
                alts.append(Alternative(isRegex: false, text: t, source: t, start: start))
            }
            guard i < n else { break }
            bar = i
            i += 1
        }
        return (alts, problems)
    }

    enum RegexEnd { case closed(Int), unclosed(classStart: Int?) }

    /// Finds the `/` that closes an expression starting at `from`: not escaped, not inside a `[…]` class.
    static func scanRegex(_ u: [Unicode.Scalar], from: Int) -> RegexEnd {
        var j = from, depth = 0, classStart = 0
        while j < u.count {
            let c = u[j]
            if c == "\\" { j += 2; continue }
            if depth > 0 {
                if c == "[" { depth += 1 } else if c == "]" { depth -= 1 }
                j += 1
                continue
            }
            if c == "/" { return .closed(j) }
            if c == "[" {
                depth = 1; classStart = j; j += 1
                if j < u.count && u[j] == "^" { j += 1 }
                if j < u.count && u[j] == "]" { j += 1 }  // `[]…]`: a leading ] is a member (as ICU reads it)
                continue
            }
            j += 1
        }
        return .unclosed(classStart: depth > 0 ? classStart : nil)
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool { CharacterSet.whitespaces.contains(c) }

    static func text<S: Sequence>(_ s: S) -> String where S.Element == Unicode.Scalar {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }
}
