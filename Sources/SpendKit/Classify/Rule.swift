import Foundation

/// One row of the rule table (SPEC §3.3): all non-empty conditions must hold; the first matching rule wins.
public struct Rule: Sendable {
    public var line: Int
    public var category: String
    public var subcategory: String
    public var orgs: Set<SupplierID>
    public var accounts: [AccountPattern]
    public var names: [TextPattern]
    public var texts: [TextPattern]

    public var hasCondition: Bool { !orgs.isEmpty || !accounts.isEmpty || !names.isEmpty || !texts.isEmpty }
}

/// An account condition: exact `74311`, range `74310-74317`, prefix `681*`.
public enum AccountPattern: Sendable, Equatable, CustomStringConvertible {
    case exact(String), range(Int, Int, digits: Int), prefix(String)

    public static func parse(_ s: String) -> AccountPattern? {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        if t.hasSuffix("*") {
            let p = String(t.dropLast())
            return !p.isEmpty && p.allSatisfy(\.isNumber) ? .prefix(p) : nil
        }
        if let dash = t.firstIndex(of: "-") {
            let a = t[..<dash].trimmingCharacters(in: .whitespaces), b = t[t.index(after: dash)...].trimmingCharacters(in: .whitespaces)
            guard !a.isEmpty, a.count == b.count, a.allSatisfy(\.isNumber), b.allSatisfy(\.isNumber),
                  let lo = Int(a), let hi = Int(b), lo <= hi else { return nil }
            return .range(lo, hi, digits: a.count)
        }
        return t.allSatisfy({ $0.isNumber || $0.isLetter }) ? .exact(t) : nil
    }

    public func matches(_ account: String) -> Bool {
        switch self {
        case .exact(let e): return account == e
        case .prefix(let p): return account.hasPrefix(p)
        case .range(let lo, let hi, let d):
            guard account.count == d, let v = Int(account) else { return false }
            return v >= lo && v <= hi
        }
    }

    public var description: String {
        switch self {
        case .exact(let e): return e
        case .prefix(let p): return p + "*"
        case .range(let lo, let hi, _): return "\(lo)-\(hi)"
        }
    }
}
