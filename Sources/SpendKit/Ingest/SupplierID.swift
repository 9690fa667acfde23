import Foundation

/// A supplier's identity number as found on an invoice line, normalised (SPEC §3.1).
public enum SupplierID: Hashable, Sendable, Comparable {
    /// A Swedish organisation number, ten digits, Luhn-valid, digits 3–4 ≥ 20.
    case org(String)
    /// A sole trader's personnummer: the birth date (YYMMDD) and a hash of all ten digits, never the digits
    /// themselves. `hash` is 0 when the id came already masked (`790619-****`).
    case person(birth: String, hash: UInt64)
    /// Any other id (foreign VAT number, a number failing the Luhn check), upper case without blanks.
    case other(String)

    /// How the id is printed: never a personnummer in full.
    public var display: String {
        switch self {
        case .org(let d): return "\(d.prefix(6))-\(d.suffix(4))"
        case .person(let birth, _): return "\(birth)-****"
        case .other(let s): return s
        }
    }

    /// The identity used in memory for lookups; a person's carries the hash and is never written (see
    /// `SupplierKey.display(of:)`).
    public var key: String {
        switch self {
        case .person(let birth, let hash): return SupplierKey.personPrefix + birth + ":" + String(hash, radix: 16)
        default: return display
        }
    }

    static let placeholders: Set<String> = ["", "NULL", "SAKNAS", "-", "0", "N/A", "NA", "--"]

    /// Normalises every spelling SPEC §3.1 allows: `556677-8899` `5566778899` `16556677-8899` `SE556677889901`, a
    /// personnummer with `-`/`+`, century, VAT form `SE…01` or `SE…`, blanks, en dash or slash inside, a lost or
    /// extra leading `0`, full-width digits, already masked; stray punctuation around. `nil` means no id.
    /// `whole`: the text is one id and nothing else (a rule's or contract's cell, which an analyst wrote: two ids
    /// there need a `|`, and a name after the number is no part of it); else a ledger's cell gives its first id.
    public static func parse(_ raw: String, whole: Bool = false) -> SupplierID? {
        // The common spellings (5566778899, 556677-8899) need no cleaning; zeros alone are no id (below).
        let u = raw.utf8
        if u.count == 10 || u.count == 11, u.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
            u.contains(where: { $0 != 0x30 && $0 != 0x2D }), let id = fromDigits(u)
        {
            return id
        }
        var b: ArraySlice<UInt8>
        if u.allSatisfy({ $0 < 0x80 }) {
            b = asciiCleaned(u)
        } else {
            // Full-width digits and dashes fold to ASCII; every dash-like character becomes "-".
            var s = raw.precomposedStringWithCompatibilityMapping
            if !s.utf8.allSatisfy({ $0 < 0x80 }) {
                s = String(
                    s.unicodeScalars.map {
                        "\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}".unicodeScalars.contains($0)
                            ? "-" : Character($0)
                    })
            }
            s = s.trimmingCharacters(in: .whitespaces).uppercased()
            while let last = s.last, !last.isLetter && !last.isNumber && last != "*" { s.removeLast() }
            while let first = s.first, !first.isLetter && !first.isNumber { s.removeFirst() }
            b = Array(s.utf8)[...]
        }
        // In bytes: placeholders (NFKC made any other spelling of them ASCII) and the common spellings; only what
        // `fromSpelled` cannot read makes a `String`.
        if b.allSatisfy({ $0 == 0x30 || $0 == 0x2D }) { return nil }
        if b.count <= 6 && placeholders.contains(String(decoding: b, as: UTF8.self)) { return nil }
        if let id = fromSpelled(b) { return id }
        let s = String(decoding: b, as: UTF8.self)
        // Several ids in one cell ("556811-9357/556168-8523", "556030-8800 AXSTORES 663000-1557"): the first one.
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "," || $0 == " " || $0 == ";" })
        if let first = parts.first, first.count < s.count, let id = fromSpelled(Array(first.utf8)) {
            return whole ? nil : id
        }
        let compact = s.filter { !$0.isWhitespace }
        if compact.isEmpty { return nil }
        // Whatever else it is, a personnummer inside it is never kept in the clear: the id is that sole trader's.
        if let id = fromDigits(compact.filter(\.isNumber).utf8), case .person = id { return id }
        if let person = PersonalData.person(in: s) { return person }
        return .other(compact)
    }

    /// An ASCII spelling upper-cased, without what surrounds the id: the non-ASCII way's trimming, byte by byte.
    static func asciiCleaned(_ u: String.UTF8View) -> ArraySlice<UInt8> {
        var b = u.map { $0 &- 0x61 < 26 ? $0 - 0x20 : $0 }
        func alnum(_ x: UInt8) -> Bool { x &- 0x30 < 10 || x &- 0x41 < 26 }
        while let last = b.last, !alnum(last) && last != UInt8(ascii: "*") { b.removeLast() }
        var start = 0
        while start < b.count && !alnum(b[start]) { start += 1 }
        return b[start...]
    }

    /// One id with an optional `SE` prefix and blanks, dashes, pluses, dots or slashes between its digits, in UTF-8:
    /// any other byte, ASCII or not, makes it no such id.
    static func fromSpelled<C: Collection<UInt8>>(_ s: C) -> SupplierID? {
        var body = s[...]
        let vat = body.starts(with: [0x53, 0x45])  // "SE"
        if vat { body = body.dropFirst(2) }
        var compact: [UInt8] = []
        compact.reserveCapacity(body.count)
        for x in body {
            switch x {
            case 0x20, 0x2F, 0x2E, 0x2D, 0x2B: continue  // " /.-+"
            case 0x30...0x39, 0x2A, 0x58: compact.append(x)  // digits, "*", "X"
            default: return nil
            }
        }
        guard let first = compact.first, first &- 0x30 < 10, let id = fromDigits(compact, vat: vat) else { return nil }
        if vat, case .other = id { return nil }
        return id
    }

    /// Ten digits (with an optional dash before the last four, an optional century prefix, an optional VAT `01`),
    /// in UTF-8.
    static func fromDigits<C: Collection<UInt8>>(_ s: C, vat: Bool = false) -> SupplierID? {
        var digits: [UInt8] = []
        digits.reserveCapacity(14)
        var masked = 0
        var dash = 0
        for u in s {
            if u >= 0x30 && u <= 0x39 {
                guard masked == 0 else { return nil }
                digits.append(u - 0x30)
            } else if u == UInt8(ascii: "*") || u == UInt8(ascii: "X") {
                masked += 1
            } else if u == UInt8(ascii: "-") || u == UInt8(ascii: "+") {
                dash += 1
                guard dash == 1 else { return nil }
            } else {
                return nil
            }
        }
        if masked > 0 {  // "560101-****": a masked personnummer
            guard digits.count == 6 || digits.count == 8, masked == 4 else { return nil }
            return .person(birth: text(digits.suffix(6)), hash: 0)
        }
        switch digits.count {
        case 14:  // century and VAT "01": 19790619744201
            guard digits[12] == 0 && digits[13] == 1, [16, 19, 20].contains(Int(digits[0]) * 10 + Int(digits[1])) else {
                return nil
            }
            digits = Array(digits[2..<12])
        case 12:
            // A century prefix (16 for organisations, 19/20 for persons) or a VAT number's trailing "01"; when both
            // could be, the reading that gives a valid number wins, and a VAT number (`SE…`) reads as one.
            if digits.prefix(2) == [0, 1] { return nil }
            let cc = Int(digits[0]) * 10 + Int(digits[1])
            let century = [16, 19, 20].contains(cc) ? Array(digits[2...]) : nil
            let vatForm = digits[10] == 0 && digits[11] == 1 ? Array(digits[..<10]) : nil
            func valid(_ d: [UInt8]?) -> Bool {
                d.map { luhn($0) && (isPersonShaped($0) || Int($0[2]) * 10 + Int($0[3]) >= 20) } ?? false
            }
            switch (century, vatForm) {
            case (let c?, let v?): digits = vat || (valid(v) && !valid(c)) ? v : c
            case (let c?, nil): digits = c
            case (nil, let v?): digits = v
            default: return nil
            }
        case 11:
            // An extra leading zero ("07906197442"); an organisation number never starts with 0.
            guard digits[0] == 0 else { return nil }
            digits.removeFirst()
        case 10: break
        case 9:
            // A personnummer of the 2000s whose leading zero a spreadsheet dropped ("506197442"), only when the
            // result is a valid date with a valid check digit; any other nine digits are some other id.
            let d = [0] + digits
            guard isPersonShaped(d), luhn(d) else { return nil }
            digits = d
        default: return nil
        }
        let month = Int(digits[2]) * 10 + Int(digits[3])
        if month < 20 {  // personal data whether or not the check digit holds
            return .person(birth: text(digits.prefix(6)), hash: PersonKey.hash(digits.map { $0 + 0x30 }))
        }
        return luhn(digits) ? .org(text(digits[...])) : .other(text(digits[...]))
    }

    /// A birth date YYMMDD in the first six digits (a samordningsnummer's day is 61–91).
    static func isPersonShaped(_ d: [UInt8]) -> Bool {
        isBirthDate(month: Int(d[2]) * 10 + Int(d[3]), day: Int(d[4]) * 10 + Int(d[5]))
    }

    /// Whether a month and day are a birth date's (a samordningsnummer's day is 61–91).
    static func isBirthDate(month: Int, day: Int) -> Bool {
        (1...12).contains(month) && ((1...31).contains(day) || (61...91).contains(day))
    }

    private static func text<C: Collection>(_ d: C) -> String where C.Element == UInt8 {
        String(decoding: d.map { $0 + 0x30 }, as: UTF8.self)
    }

    static func luhn(_ d: [UInt8]) -> Bool {
        var sum = 0
        for (i, x) in d.enumerated() {
            var v = Int(x) * (i % 2 == 0 ? 2 : 1)
            if v > 9 { v -= 9 }
            sum += v
        }
        return sum % 10 == 0
    }
}
