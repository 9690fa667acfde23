/// A supplier's identity number as found on an invoice line, normalised (SPEC §3.1).
public enum SupplierID: Hashable, Sendable, Comparable {
    /// A Swedish organisation number, ten digits, Luhn-valid, digits 3–4 ≥ 20.
    case org(String)
    /// A personnummer-shaped id of a sole trader: only the birth date part is kept, the rest is masked.
    case person(String)
    /// Any other id (foreign VAT number, a number failing the Luhn check), upper case without blanks.
    case other(String)

    /// How the id is printed: never a personnummer in full.
    public var display: String {
        switch self {
        case .org(let d): return "\(d.prefix(6))-\(d.suffix(4))"
        case .person(let d): return "\(d.prefix(6))-****"
        case .other(let s): return s
        }
    }

    /// The key used in outputs and lookups.
    public var key: String { display }

    static let placeholders: Set<String> = ["", "NULL", "SAKNAS", "-", "0", "N/A", "NA", "--"]

    /// Normalises `556677-8899` `5566778899` `16556677-8899` `SE556677889901` and stray punctuation; `nil` means no id.
    public static func parse(_ raw: String) -> SupplierID? {
        // The common spellings (5566778899, 556677-8899) need no cleaning.
        let u = raw.utf8
        if u.count == 10 || u.count == 11, u.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }), let id = fromDigits(raw) { return id }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        var s = trimmed.uppercased()
        while let last = s.last, !last.isLetter && !last.isNumber && last != "*" { s.removeLast() }
        while let first = s.first, !first.isLetter && !first.isNumber { s.removeFirst() }
        if placeholders.contains(s) || s.allSatisfy({ $0 == "0" || $0 == "-" }) { return nil }
        if s.hasPrefix("SE"), let id = fromDigits(String(s.dropFirst(2))), case .org = id { return id }
        if let id = fromDigits(s) { return id }
        // Several ids in one cell ("556811-9357/556168-8523", "556030-8800 AXSTORES 663000-1557"): the first one.
        if let first = s.split(whereSeparator: { $0 == "/" || $0 == "," || $0 == " " || $0 == ";" }).first,
           first.count < s.count, let id = fromDigits(String(first)) { return id }
        let compact = s.filter { !$0.isWhitespace }
        return compact.isEmpty ? nil : .other(compact)
    }

    /// Ten digits (with an optional dash before the last four, an optional century prefix, an optional VAT `01`).
    static func fromDigits(_ s: String) -> SupplierID? {
        var digits: [UInt8] = []
        var masked = 0
        var dash = 0
        for u in s.utf8 {
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
            let d = digits.suffix(6)
            return .person(String(d.map { Character(Unicode.Scalar($0 + 0x30)) }))
        }
        if digits.count == 12 && digits.prefix(2) == [0, 1] { return nil }
        switch digits.count {
        case 12:
            // Century prefix (16 for organisations, 19/20 for persons), or a VAT number's trailing "01".
            let cc = Int(digits[0]) * 10 + Int(digits[1])
            if [16, 19, 20].contains(cc) { digits.removeFirst(2) } else if digits[10] == 0 && digits[11] == 1 { digits.removeLast(2) } else { return nil }
        case 10: break
        default: return nil
        }
        let text = String(digits.map { Character(Unicode.Scalar($0 + 0x30)) })
        let month = Int(digits[2]) * 10 + Int(digits[3])
        if month < 20 { return .person(text) }  // personal data whether or not the check digit holds
        return luhn(digits) ? .org(text) : .other(text)
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
