/// Text from the data made safe for every output: one sanitiser for all text cells, one escaper for Markdown.
extension Fmt {
    /// `1 rule`, `2 rules`: a count and an English noun, its plural by an `s`.
    public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// A Swedish count, grouped: `1 faktura`, `62 993 fakturor`.
    public static func antal(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(group(Int64(n))) \(n == 1 ? singular : plural)"
    }

    /// Text fit for any output (CSV, Markdown, HTML, XML, JSON, the terminal). TAB stays; a line break (LF, CR,
    /// CRLF, VT, FF, NEL, U+2028, U+2029) becomes one blank, so a cell stays on its line; NUL, the other C0
    /// controls, DEL and the C1 controls become U+FFFD, so the reader sees that something stood there (two names
    /// that differ only by a control do not look alike, and nothing vanishes silently from a reason text);
    /// the bidi controls (U+200E U+200F U+061C U+202A–U+202E U+2066–U+2069) are dropped, so text cannot reorder
    /// what follows it on the line.
    /// - Complexity: O(n); one scan of the UTF-8 and no copy when nothing needs changing.
    public static func clean(_ s: String) -> String {
        guard needsCleaning(s) else { return s }
        var out = String.UnicodeScalarView()
        var afterCR = false
        for u in s.unicodeScalars {
            let v = u.value
            defer { afterCR = v == 0x0D }
            switch v {
            case 0x09: out.append(u)
            case 0x0A where afterCR: continue
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: out.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0: out.append("\u{FFFD}")
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(u)
            }
        }
        return String(out)
    }

    /// Whether `clean` would change anything: a byte scan for the lead bytes of the characters it replaces.
    @inline(__always) static func needsCleaning(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    if (c < 0x20 && c != 0x09) || c == 0x7F { return true }
                } else if c == 0xC2 {
                    if i + 1 < n && b[i + 1] < 0xA0 { return true }  // C1 controls U+0080–U+009F
                } else if c == 0xD8 {
                    if i + 1 < n && b[i + 1] == 0x9C { return true }  // U+061C
                } else if c == 0xE2 && i + 2 < n {
                    let c1 = b[i + 1], c2 = b[i + 2]
                    if c1 == 0x80 && (c2 == 0x8E || c2 == 0x8F || (0xA8...0xAE).contains(c2)) { return true }
                    if c1 == 0x81 && (0xA6...0xA9).contains(c2) { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Text for Markdown (a table cell, a heading or a paragraph) that renders as itself: cleaned; `< >` as HTML
    /// entities, so no tag of the data is live, and `&` backslash-escaped where a letter or `#` follows it (where an
    /// entity could start: `H\&M`), else as written (`Martin & Servera`, which also reads well as plain text); `\ ` * _ [ ] ~ # |` backslash-escaped, so no
    /// emphasis, code, link or image starts and a table keeps its columns; and at the start a `+ - =` or a list
    /// number's `.`/`)` escaped, so the text never opens a list, a heading or a setext underline.
    public static func markdown(_ s: String) -> String {
        let text = clean(s)
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var atStart = true, leadingDigits = false
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            if atStart && ch == " " { out.append(ch); continue }
            if atStart {
                atStart = false
                if ch == "+" || ch == "-" || ch == "=" { out += "\\" + String(ch); continue }
                if ch.isASCII && ch.isNumber { leadingDigits = true; out.append(ch); continue }
            }
            if leadingDigits {
                if ch.isASCII && ch.isNumber { out.append(ch); continue }
                leadingDigits = false
                if ch == "." || ch == ")" { out += "\\" + String(ch); continue }
            }
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&":
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                out += next == "#" || next.isLetter ? "\\&" : "&"
            case "\\", "`", "*", "_", "[", "]", "~", "#", "|": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }
}
