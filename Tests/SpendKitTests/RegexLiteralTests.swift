import Foundation
import Testing

@testable import SpendKit

@Suite struct RegexLiteralTests {
    /// The literal read from an expression; nil wherever a reading could be wrong.
    @Test(arguments: [
        ("välfärdstekn", "välfärdstekn"),
        ("Välfärdsteknik", "välfärdsteknik"),
        ("leasing.*bil", "leasing"),
        ("^tele", "tele"),
        ("lar+m", "lar"),
        ("abcd*", "abc"),
        ("abcd?e", "abc"),
        ("abcd{2,3}xyz", "abc"),
        ("(abcdef)?xyz", "xyz"),
        ("(?:abcdef)xyz", "xyz"),
        ("klass", "klass"),
        ("foo\\.barbaz", "barbaz"),
        ("\\bhyra\\b", "hyra"),
        ("ab[cdefgh]ijklmn", nil),
        ("abcd[x]", "abcd"),
        ("abc|def", nil),
        ("(?x) foo bar", nil),
        ("(?i)abcdef", nil),
        ("\\Qa.b\\E", nil),
        ("\\x{41}bcdef", nil),
        ("ab", nil),
        ("dat(or|a)", nil),
        ("straße", "stra"),
        ("µsek", "sek"),
    ] as [(String, String?)])
    func requiredLiteral(_ body: String, _ expected: String?) {
        #expect(RegexLiteral.required(body) == expected, "\(body)")
    }

    /// Sound against ICU itself: wherever an expression matches a plain text, its literal is in the lower-cased
    /// text, on texts of upper-case Latin-1, `ß`/`SS`, the long s, the Kelvin and Ångström signs and ligatures.
    @Test(arguments: Array(1...6))
    func literalIsInEveryPlainMatch(_ seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let bodies = [
            "välfärdstekn", "leasing.*bil", "lar+m", "klass", "stra", "fika", "kö+p", "\\bhyra\\b", "sk[aå]p",
            "(ab)?skatt", "ÅTER", "ÿster", "kontor\\s+hyra", "(?<=kontor)hyra", "kont\\.?orhyra", "(ko)+ntorhyra",
            "hyr(?=a)a", "x{2}kontor", "k+?ontor", "(?:led|tak)ning", "[)]kontor",
        ]
        let pieces = [
            "välfärdstekn", "VÄLFÄRDSTEKN", "Välfärdsteknik", "leasing", "LEASING", "bil", "larm", "laRRm", "klass",
            "KLASS", "klaß", "KLAẞ", "ſtra", "STRA", "straße", "ﬁka", "fika", "FIKA", "köp", "KÖÖP", "hyra", "HYRA",
            "skåp", "skap", "skatt", "åter", "\u{212B}TER", "ÿster", "\u{178}STER", "kontor", "  ", " ", "x", "-",
            "\u{212A}", "k", "é", "É", "İ", "ı", "xx", "ledning", "takning", ")", "KONT.ORHYRA", "kokontor",
        ]
        let patterns = try bodies.map { try NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            for (body, re) in zip(bodies, patterns) {
                guard let literal = RegexLiteral.required(body) else { continue }
                let matches = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                if matches && LatinFold.isPlain(text) {
                    #expect(text.lowercased().contains(literal), "/\(body)/ on \(text)")
                }
            }
        }
    }

    /// Plain: Latin-1 only, and no `ß`.
    @Test(arguments: [("Välfärd ÅÄÖ é", true), ("straße", false), ("ſtra", false), ("\u{212A}", false), ("", true)])
    func plainTexts(_ text: String, _ plain: Bool) {
        #expect(LatinFold.isPlain(text) == plain)
    }
}
