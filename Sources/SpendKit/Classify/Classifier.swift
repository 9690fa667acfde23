import Foundation

/// Where a line was put, by which rule (its index in the table; nil for `Oklassificerat` or the export's own).
public struct Classification: Sendable, Hashable {
    public var category: String
    public var subcategory: String
    public var rule: Int?
}

/// What a rule sees of a line.
public struct RuleSubject: Hashable, Sendable {
    public var supplier: SupplierID?
    public var name: String
    public var account: String
    public var description: String
    public var accountText: String

    public init(supplier: SupplierID?, name: String, account: String, description: String, accountText: String) {
        self.supplier = supplier; self.name = name; self.account = account
        self.description = description; self.accountText = accountText
    }

    public init(_ l: InvoiceLine) {
        self.init(supplier: l.supplierID, name: l.supplierName, account: l.account, description: l.description, accountText: l.accountText)
    }
}

/// First-match classification, compiled: rules indexed by org number and account, results cached per subject.
///
/// Only rules that can match a subject's org number and account are tried; a repeated (supplier, account, text)
/// combination costs one hash lookup.
public final class Classifier {
    public let table: RuleTable
    private var byOrg: [SupplierID: [Int]] = [:]
    private var byAccount: [String: [Int]] = [:]
    /// Rules with neither an org number nor only exact accounts: tried for every subject.
    private var generic: [Int] = []
    private var cache: [RuleSubject: Int32] = [:]
    /// Lines each rule classified (for `rules check`).
    public private(set) var hits: [Int]

    public init(_ table: RuleTable) {
        self.table = table
        hits = Array(repeating: 0, count: table.rules.count)
        for (i, r) in table.rules.enumerated() {
            if !r.orgs.isEmpty {
                for o in r.orgs { byOrg[o, default: []].append(i) }
            } else if r.accounts.count > 0, r.accounts.allSatisfy({ if case .exact = $0 { return true }; return false }) {
                for case .exact(let a) in r.accounts { byAccount[a, default: []].append(i) }
            } else {
                generic.append(i)
            }
        }
    }

    /// Classifies a subject; `nil` rule means no rule matched.
    public func classify(_ s: RuleSubject) -> Classification {
        let idx: Int32
        if let c = cache[s] { idx = c } else {
            idx = Int32(firstMatch(s) ?? -1)
            if cache.count < 1_000_000 { cache[s] = idx }
        }
        if idx < 0 { return Classification(category: RuleTable.unclassified, subcategory: RuleTable.unclassified, rule: nil) }
        hits[Int(idx)] += 1
        let r = table.rules[Int(idx)]
        return Classification(category: r.category, subcategory: r.subcategory, rule: Int(idx))
    }

    func firstMatch(_ s: RuleSubject) -> Int? {
        let name = s.name.lowercased(), desc = s.description.lowercased(), atext = s.accountText.lowercased()
        // Only the rules indexed under this org number or account, and the generic ones, in file order.
        var candidates = generic
        if let id = s.supplier, let o = byOrg[id] { candidates += o }
        if let a = byAccount[s.account] { candidates += a }
        if candidates.count > generic.count { candidates.sort() }
        return candidates.first { Classifier.matches(table.rules[$0], s, name: name, desc: desc, atext: atext) }
    }

    /// The condition of a rule that did not hold.
    enum Condition { case org, account, name, text }

    /// Whether one rule matches, given the lower-cased name, description and account text.
    static func matches(_ r: Rule, _ s: RuleSubject, name: String, desc: String, atext: String) -> Bool {
        failedCondition(r, s, name: name, desc: desc, atext: atext) == nil
    }

    /// The first condition of `r` that fails for `s`, or nil when the rule matches; no text is built here,
    /// so classification pays nothing for what only `explain` prints.
    static func failedCondition(_ r: Rule, _ s: RuleSubject, name: String, desc: String, atext: String) -> Condition? {
        if !r.orgs.isEmpty && !(s.supplier.map { r.orgs.contains($0) } ?? false) { return .org }
        if !r.accounts.isEmpty && !r.accounts.contains(where: { $0.matches(s.account) }) { return .account }
        if !r.names.isEmpty && !r.names.contains(where: { $0.matches(folded: name, original: s.name) }) { return .name }
        if !r.texts.isEmpty && !r.texts.contains(where: { $0.matches(folded: desc, original: s.description) || $0.matches(folded: atext, original: s.accountText) }) {
            return .text
        }
        return nil
    }

    /// Why `condition` of `r` fails for `s`, in words.
    static func message(_ condition: Condition, _ r: Rule, _ s: RuleSubject) -> String {
        switch condition {
        case .org: return "leverantor_orgnr is not \(r.orgs.map(\.display).sorted().joined(separator: "|"))"
        case .account: return "konto \(s.account.isEmpty ? "(none)" : s.account) is not \(r.accounts.map(\.description).joined(separator: "|"))"
        case .name: return "leverantor_namn does not contain \(r.names.map(\.source).joined(separator: "|"))"
        case .text: return "text does not contain \(r.texts.map(\.source).joined(separator: "|"))"
        }
    }

    /// Every rule tried for a subject up to the one that matched, with why each earlier one did not.
    public func explain(_ s: RuleSubject) -> [(rule: Rule, failed: String?)] {
        let name = s.name.lowercased(), desc = s.description.lowercased(), atext = s.accountText.lowercased()
        var out: [(Rule, String?)] = []
        for r in table.rules {
            let f = Classifier.failedCondition(r, s, name: name, desc: desc, atext: atext).map { Classifier.message($0, r, s) }
            out.append((r, f))
            if f == nil { break }
        }
        return out
    }
}
