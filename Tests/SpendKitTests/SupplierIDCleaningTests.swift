import Foundation
import Testing

@testable import SpendKit

/// The byte-wise cleaning of ASCII ids against the `String` way it replaced (trim, upper-case, strip what surrounds).
@Suite("Supplier id cleaning")
struct SupplierIDCleaningTests {
    /// The cleaning as it was done with Foundation before the ASCII way: the oracle.
    static func stringWay(_ raw: String) -> String {
        var s = raw.trimmingCharacters(in: .whitespaces).uppercased()
        while let last = s.last, !last.isLetter && !last.isNumber && last != "*" { s.removeLast() }
        while let first = s.first, !first.isLetter && !first.isNumber { s.removeFirst() }
        return s
    }

    @Test("random ASCII spellings clean as the String way does", arguments: 0..<4)
    func randomSpellings(seed: UInt64) {
        var rng = FixtureRandom(seed: seed)
        let alphabet = Array(" \t-+./*,;:_()#0123456789012345678901234567890123456789seSEaBxX".utf8)
        for _ in 0..<3_000 {
            let n = Int(rng.next() % 18)
            let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let raw = String(decoding: bytes, as: UTF8.self)
            let cleaned = String(decoding: SupplierID.asciiCleaned(raw.utf8), as: UTF8.self)
            #expect(cleaned == Self.stringWay(raw), "\(raw.debugDescription)")
        }
    }

    /// `fromSpelled` as it was, over `Character`s: the oracle of the byte-wise one.
    static func characterFromSpelled(_ s: String) -> SupplierID? {
        var body = Substring(s)
        let vat = body.hasPrefix("SE")
        if vat { body = body.dropFirst(2) }
        var compact = ""
        for ch in body {
            if ch == " " || ch == "/" || ch == "." || ch == "-" || ch == "+" { continue }
            guard ch.isASCII, ch.isNumber || ch == "*" || ch == "X" else { return nil }
            compact.append(ch)
        }
        guard compact.first?.isNumber == true, let id = SupplierID.fromDigits(compact.utf8, vat: vat) else { return nil }
        if vat, case .other = id { return nil }
        return id
    }

    @Test("spelled ids read in bytes as over Characters", arguments: 0..<4)
    func spelledInBytes(seed: UInt64) {
        var rng = FixtureRandom(seed: seed)
        let parts = [
            "SE", "se", "5566778899", "556677", "8899", "-", "+", " ", "/", ".", "01", "19", "16", "20", "7906197442",
            "****", "XXXX", "X", "*", "0", "7", "\r\n", "\u{2013}", "é", "e\u{301}", "-\u{301}", "5", "A", "١",
        ]
        for _ in 0..<5_000 {
            let raw = (0..<Int(rng.next() % 6)).map { _ in parts[Int(rng.next() % UInt64(parts.count))] }.joined()
            #expect(SupplierID.fromSpelled(Array(raw.utf8)) == Self.characterFromSpelled(raw), "\(raw.debugDescription)")
        }
    }

    /// `parse` as it was before its ASCII way went byte-wise (the `String` checks, `characterFromSpelled`).
    static func stringParse(_ raw: String) -> SupplierID? {
        let u = raw.utf8
        if u.count == 10 || u.count == 11, u.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
            u.contains(where: { $0 != 0x30 && $0 != 0x2D }), let id = SupplierID.fromDigits(raw.utf8)
        {
            return id
        }
        var s: String
        if u.allSatisfy({ $0 < 0x80 }) {
            s = stringWay(raw)
        } else {
            s = raw.precomposedStringWithCompatibilityMapping
            if !s.utf8.allSatisfy({ $0 < 0x80 }) {
                s = String(
                    s.unicodeScalars.map {
                        "\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}".unicodeScalars.contains($0)
                            ? "-" : Character($0)
                    })
            }
            s = stringWay(s)
        }
        if SupplierID.placeholders.contains(s) || s.allSatisfy({ $0 == "0" || $0 == "-" }) { return nil }
        if let id = characterFromSpelled(s) { return id }
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "," || $0 == " " || $0 == ";" })
        if let first = parts.first, first.count < s.count, let id = characterFromSpelled(String(first)) { return id }
        let compact = s.filter { !$0.isWhitespace }
        if compact.isEmpty { return nil }
        if let id = SupplierID.fromDigits(compact.filter(\.isNumber).utf8), case .person = id { return id }
        if let person = PersonalData.person(in: s) { return person }  // a personnummer inside any other id
        return .other(compact)
    }

    @Test("ids parse as they did with String checks: placeholders, zeros, full-width and odd spellings", arguments: 0..<4)
    func parseAsBefore(seed: UInt64) {
        var rng = FixtureRandom(seed: 90 + seed)
        let parts = [
            "SE", "se", "5566778899", "556677", "8899", "-", "+", " ", "/", ".", ",", ";", "01", "19", "7906197442",
            "****", "X", "0", "00", "NULL", "null", "N/A", "na", "SAKNAS", "--", "\r\n", "\u{2013}", "\u{A0}", "é",
            "e\u{301}", "１２３", "Ｎ/Ａ", "\u{212A}", "١", "AB", "(", ")",
        ]
        for _ in 0..<5_000 {
            let raw = (0..<Int(rng.next() % 5)).map { _ in parts[Int(rng.next() % UInt64(parts.count))] }.joined()
            #expect(SupplierID.parse(raw) == Self.stringParse(raw), "\(raw.debugDescription)")
        }
    }

    @Test("the spellings of SPEC §3.1 still parse to one supplier")
    func spellings() {
        let forms = [
            "5566778899", "556677-8899", " 556677-8899 ", "SE556677889901", "se 556677 8899 01", "556677 8899.",
            "(556677-8899)",
        ]
        let ids = Set(forms.map { SupplierID.parse($0) })
        #expect(ids.count == 1)
        #expect(ids.first! != nil)
    }
}

/// The byte-wise name key against the `String` way, on names made of what supplier names hold.
@Suite("Supplier name key")
struct SupplierNameKeyTests {
    @Test("random names give the String way's key, or leave it to it", arguments: 0..<4)
    func randomNames(seed: UInt64) {
        var rng = FixtureRandom(seed: seed)
        let parts = [
            "a", "B", "z", "1", " ", "  ", "\t", ".", ",", "-", "&", "(", ")", "!", "ö", "Å", "é", "×", "÷", "ß", "ÿ",
            "\u{A0}",
            "AB", "ab", "Ab", " AB", " AB.", " Aktiebolag", " aktiebolag!", "Ω", "e\u{301}", "\r\n", "µ", "Ø", "þ", "Þ",
        ]
        var fast = 0
        for _ in 0..<5_000 {
            let name = (0..<Int(rng.next() % 7)).map { _ in parts[Int(rng.next() % UInt64(parts.count))] }.joined()
            let reference = SupplierID.stringNameKey(name)
            #expect(SupplierID.nameKey(name) == reference, "\(name.debugDescription)")
            if let k = SupplierID.latinNameKey(name) {
                fast += 1
                #expect(k == reference, "\(name.debugDescription)")
            }
        }
        #expect(fast > 1_000)  // the byte way takes most names
    }

    @Test("the issue's names: one key for the spellings of one supplier")
    func spellings() {
        #expect(SupplierID.nameKey("Leverantör  nummer 7 i Sverige AB.") == "LEVERANTÖR NUMMER 7 I SVERIGE")
        #expect(SupplierID.nameKey("Åkeri Öst aktiebolag") == "ÅKERI ÖST")
        #expect(SupplierID.nameKey("AB") == "AB")
    }
}
