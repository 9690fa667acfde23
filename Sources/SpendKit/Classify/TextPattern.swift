import Foundation

/// One alternative of a name or text condition: a case-insensitive substring, or `/regex/` run in bounded time.
public struct TextPattern: @unchecked Sendable, CustomStringConvertible {  // NSRegularExpression is immutable and thread-safe
    /// As written in the cell: the literal, or `/…/`.
    public let source: String
    let needle: String
    let regex: NSRegularExpression?
    /// 1-based column of the alternative in its rule table line (0 when not read from a table).
    public let column: Int

    /// A regular expression sees at most this many bytes of a text (cut at a character boundary).
    public static let maxSubjectBytes = 4096
    /// ICU reports progress once per start position it tries and once about every 10 000 steps of matching
    /// (≈0.3 ms), and the two cannot be told apart: a match gives up, counting as no match and as an overrun
    /// (which `rules check` reports), after the text's length in UTF-16 units + 1 + this many reports — at least
    /// 1 M steps, at most (length + 101) × 10 000 (≈60 ms on a 100-character text, ≈1.3 s at the 4 096-byte cap).
    public static let stepBudget = 100

    /// A literal substring, compared case-insensitively.
    init(literal: String, column: Int = 0) {
        source = literal; needle = literal.lowercased(); regex = nil; self.column = column; fastLength = -1
        required = nil
    }

    /// A regular expression's required literal, lower-cased (`RegexLiteral`): without it in a plain text, no match.
    let required: String?

    /// Texts up to this many UTF-16 units are matched without the step budget (which costs a callback per
    /// start position): `RegexCheck.fastLength` bounds their work below it. -1: always with the budget.
    let fastLength: Int

    /// A compiled expression; `source` is `/…/` as written.
    /// `body` is what was compiled, the text between the slashes, read for its required literal.
    init(regex: NSRegularExpression, source: String, body: String, column: Int = 0, fastLength: Int = -1) {
        self.source = source; needle = ""; self.regex = regex; self.column = column; self.fastLength = fastLength
        required = RegexLiteral.required(body)
    }

    /// Compiles the text between the slashes (case-insensitive), or nil when ICU refuses it.
    static func compile(_ body: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: body, options: [.caseInsensitive])
    }

    public var isRegex: Bool { regex != nil }

    /// `folded` is the subject already lower-cased; substrings compare UTF-8 bytes, as the automaton does.
    public func matches(folded: String, original: String) -> Bool {
        if regex != nil { return run(original) == .match }
        return TextPattern.contains(Array(folded.utf8), Array(needle.utf8))
    }

    func matchesRegex(_ original: String) -> Bool { run(original) == .match }

    enum Outcome { case match, noMatch, overrun }

    /// Runs the expression on the first `maxSubjectBytes` of `subject`; beyond `fastLength`, giving up after
    /// `stepBudget` progress reports: ICU's step count is deterministic, so the same text always gives the same outcome.
    func run(_ subject: String) -> Outcome {
        guard let regex else { return .noMatch }
        let s = TextPattern.capped(subject)
        if s.utf16.count <= fastLength {
            return regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil ? .match : .noMatch
        }
        var outcome = Outcome.noMatch, reports = 0
        let allowed = s.utf16.count + 1 + TextPattern.stepBudget
        regex.enumerateMatches(in: s, options: [.reportProgress], range: NSRange(s.startIndex..., in: s)) {
            m, flags, stop in
            if m != nil {
                outcome = .match; stop.pointee = true
            } else if flags.contains(.progress) {
                reports += 1
                if reports > allowed { outcome = .overrun; stop.pointee = true }
            }
        }
        return outcome
    }

    /// The text a regular expression sees: at most `maxSubjectBytes` UTF-8 bytes, never half a character.
    static func capped(_ s: String) -> String {
        let utf8 = s.utf8
        guard utf8.count > maxSubjectBytes else { return s }
        var end = utf8.index(utf8.startIndex, offsetBy: maxSubjectBytes)
        while end > utf8.startIndex && (utf8[end] & 0xC0) == 0x80 { end = utf8.index(before: end) }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        if needle.isEmpty { return true }
        for i in 0...(hay.count - needle.count)
        where hay[i] == needle[0] && hay[i..<i + needle.count].elementsEqual(needle) { return true }
        return false
    }

    public var description: String { source }
}
