/// The literal a regular expression cannot match without: a run of plain characters outside any group, class,
/// alternation or quantifier, lower-cased. A rule's `/välfärdstekn/` or `/leasing.*bil/` then runs only on texts in
/// which the automaton found that literal; on every other text it cannot match, so it is not run at all.
///
/// Sound only where case-insensitive matching is byte equality after `String.lowercased()`: texts of U+0000–U+00FF
/// without `ß` (whose full case folding is `ss`), see `LatinFold.isPlain`. Anything the reading is unsure of (an
/// alternation, inline flags, `\Q`, code points by number) gives no literal, and the expression runs as before.
enum RegexLiteral {
    /// Shortest literal worth a needle: shorter ones are found in most texts.
    static let minimumLength = 3

    /// The longest required literal of the expression `body` (between the slashes), or nil.
    /// - Complexity: O(body length).
    static func required(_ body: String) -> String? {
        let c = Array(body.unicodeScalars)
        if c.contains("|") { return nil }
        var runs: [[Unicode.Scalar]] = [], run: [Unicode.Scalar] = []
        var depth = 0, i = 0
        func end(dropLast: Bool = false) {
            if dropLast && !run.isEmpty { run.removeLast() }
            if depth == 0 && !run.isEmpty { runs.append(run) }
            run = []
        }
        scan: while i < c.count {
            let x = c[i]
            switch x {
            case "\\":
                guard i + 1 < c.count, !"pPxNuUcQEkg0123456789".unicodeScalars.contains(c[i + 1]) else { return nil }
                end(); i += 2; continue
            case "(":
                if i + 1 < c.count && c[i + 1] == "?" {
                    // Lookarounds and plain groups keep outside runs required; flags such as `(?x)` change them.
                    let next = i + 2 < c.count ? c[i + 2] : " "
                    let after = i + 3 < c.count ? c[i + 3] : " "
                    guard next == ":" || next == "=" || next == "!" || (next == "<" && (after == "=" || after == "!"))
                    else { return nil }
                }
                end(); depth += 1
            case ")":
                end(); depth -= 1
                if depth < 0 { return nil }
            case "*", "?": end(dropLast: true)
            case "{":
                end(dropLast: true)
                guard let close = c[i...].firstIndex(of: "}") else { return nil }
                i = close + 1; continue
            case "[": end(); break scan  // a class may nest; what comes before it stays required
            default:
                if plain(x) { run.append(x) } else { end() }
            }
            i += 1
        }
        end()
        guard let best = runs.max(by: { $0.count < $1.count }), best.count >= minimumLength else { return nil }
        var s = ""
        s.unicodeScalars.append(contentsOf: best)
        return s.lowercased()
    }

    /// A character that matches itself, case-insensitively, and whose case pair is Latin-1 too.
    private static func plain(_ x: Unicode.Scalar) -> Bool {
        switch x.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x20, 0x21, 0x22, 0x23, 0x25, 0x26, 0x27, 0x2C, 0x2D, 0x2F, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x40, 0x5F, 0x7E:
            return true
        case 0xC0...0xFE: return x.value != 0xD7 && x.value != 0xF7 && x.value != 0xDF
        default: return false
        }
    }
}
