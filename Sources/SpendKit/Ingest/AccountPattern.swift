import Foundation

/// An account condition (a rule's, a profile's, the organisation map's cost centres): exact `74311`, range
/// `74310-74317`, prefix `681*`; codes may hold letters (`D3511-D3514`, `D352*`): a range compares codes of its
/// length as text, so a code with letters falls in a range of digits where its characters put it (SPEC §3.3). Letters match in either case (`d3021` is `D3021`, as ledgers book both): a pattern
/// keeps them in upper case.
public enum AccountPattern: Sendable, Equatable, CustomStringConvertible {
    case exact(String), range(Int, Int, digits: Int), prefix(String)
    /// A range of codes with letters, both ends of one length; a code of that length between them (as text) matches.
    case codes(String, String)

    public static func parse(_ s: String) -> AccountPattern? {
        let t = folded(s.trimmingCharacters(in: .whitespaces))
        guard !t.isEmpty else { return nil }
        func isCode(_ x: Substring) -> Bool {
            !x.isEmpty && x.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLetter) }
        }
        if t.hasSuffix("*") {
            let p = t.dropLast()
            return isCode(p) || (!p.isEmpty && p.allSatisfy(\.isNumber)) ? .prefix(String(p)) : nil
        }
        if let dash = t.firstIndex(of: "-") {
            let a = t[..<dash].trimmingCharacters(in: .whitespaces),
                b = t[t.index(after: dash)...].trimmingCharacters(in: .whitespaces)
            guard !a.isEmpty, a.count == b.count else { return nil }
            if a.allSatisfy(\.isNumber), b.allSatisfy(\.isNumber) {
                guard let lo = Int(a), let hi = Int(b), lo <= hi else { return nil }
                return .range(lo, hi, digits: a.count)
            }
            guard isCode(Substring(a)), isCode(Substring(b)), !b.utf8.lexicographicallyPrecedes(a.utf8) else {
                return nil
            }
            return .codes(a, b)
        }
        return t.allSatisfy({ $0.isNumber || $0.isLetter }) ? .exact(t) : nil
    }

    public func matches(_ account: String) -> Bool {
        let a = account.utf8.lazy.map(AccountPattern.fold)
        switch self {
        case .exact(let e): return a.elementsEqual(e.utf8)
        case .prefix(let p): return a.count >= p.utf8.count && a.prefix(p.utf8.count).elementsEqual(p.utf8)
        case .range(let lo, let hi, let d):
            // A code of digits by its number (no string made); one of that length with letters (`785420C0` in
            // `70000000-79999999`) as text against the ends written out to `d` digits, where its characters put it.
            guard account.utf8.count == d else { return false }
            if account.utf8.allSatisfy({ $0 &- 0x30 < 10 }), let v = Int(account) { return v >= lo && v <= hi }
            guard a.allSatisfy({ $0 &- 0x30 < 10 || $0 &- 0x41 < 26 }) else { return false }
            return !a.lexicographicallyPrecedes(AccountPattern.padded(lo, d).utf8)
                && !AccountPattern.padded(hi, d).utf8.lexicographicallyPrecedes(a)
        case .codes(let lo, let hi):
            return a.count == lo.utf8.count && !a.lexicographicallyPrecedes(lo.utf8)
                && !hi.utf8.lexicographicallyPrecedes(a)
        }
    }

    /// An ASCII letter in upper case; any other byte as it is.
    @inline(__always) static func fold(_ b: UInt8) -> UInt8 { b &- 0x61 < 26 ? b - 0x20 : b }

    /// An account as a pattern keeps its letters (upper case), for a lookup by the exact code; itself when it has
    /// no lower-case letter (most: digits).
    static func folded(_ account: String) -> String {
        account.utf8.contains(where: { $0 &- 0x61 < 26 }) ? String(decoding: account.utf8.map(fold), as: UTF8.self) : account
    }

    /// `n` in `digits` digits, zeros before it.
    static func padded(_ n: Int, _ digits: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    public var description: String {
        switch self {
        case .exact(let e): return e
        case .prefix(let p): return p + "*"
        case .range(let lo, let hi, let d): return "\(AccountPattern.padded(lo, d))-\(AccountPattern.padded(hi, d))"
        case .codes(let lo, let hi): return "\(lo)-\(hi)"
        }
    }
}
