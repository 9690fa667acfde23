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
        self.init(
            supplier: l.supplierID, name: l.supplierName, account: l.account, description: l.description,
            accountText: l.accountText)
    }
}

/// First-match classification, compiled: rules indexed by org number, account and substring, results cached.
///
/// A subject's name and texts are scanned once each by an Aho–Corasick automaton over every substring of the
/// table; only the rules indexed under its org number, its account or a substring found, plus the few rules with
/// none of those (regular expressions, account ranges), are then checked, in file order. Regular expressions run
/// only for rules whose other conditions held. A repeated (supplier, account, text) combination costs one lookup.
public final class Classifier {
    public let table: RuleTable
    private var byOrg: [SupplierID: [Int]] = [:]
    private var byAccount: [String: [Int]] = [:]
    private var byName: [[Int]] = []
    private var byText: [[Int]] = []
    /// Rules with no org number, exact account or substring to index them by: checked for every subject.
    private var generic: [Int] = []
    let names: SubstringAutomaton
    let texts: SubstringAutomaton
    /// Supplier ids' rule masks, for the fast path's kernels.
    let orgMasks: OrgMasks
    /// Per rule, per name / text pattern: its needle id in the automaton, or -1 for a regular expression.
    /// Constants, so the hot loop reads them without retaining an inner array per line.
    let nameNeedles: [[Int32]]
    let textNeedles: [[Int32]]
    /// Per rule, per name / text pattern: the needle id of a regular expression's required literal, else -1.
    let nameGuards: [[Int32]], textGuards: [[Int32]]
    private var cache: [RuleSubject: Int32] = [:]
    /// Lines each rule classified (for `rules check`).
    public private(set) var hits: [Int]

    /// Regular expressions that gave up (over `TextPattern.stepBudget`), and on how many subjects; they counted as no match.
    public private(set) var overruns: [RegexRef: RegexOverrun] = [:]
    /// The regular expressions that overran on the subject being classified (each counts once per subject).
    private var overranThisSubject: Set<RegexRef> = []
    /// When tracking: the outcomes `observe` found on the subject being classified, so none runs twice.
    private var tried: [RegexRef: [(text: String, hit: Bool)]] = [:]
    /// Whether `unmatchedRegexes` is kept (for `rules check`).
    public let tracksRegexUsage: Bool
    /// The regular expressions that have matched no text of any subject classified so far.
    public private(set) var unmatchedRegexes: Set<RegexRef> = []

    /// `trackingRegexUsage` also tries every regular expression not yet seen matching on each new subject.
    public init(_ table: RuleTable, trackingRegexUsage: Bool = false) {
        self.table = table
        tracksRegexUsage = trackingRegexUsage
        hits = Array(repeating: 0, count: table.rules.count)
        if trackingRegexUsage {
            for (i, r) in table.rules.enumerated() {
                for (k, p) in r.names.enumerated() where p.isRegex {
                    unmatchedRegexes.insert(RegexRef(rule: i, field: .name, alternative: k))
                }
                for (k, p) in r.texts.enumerated() where p.isRegex {
                    unmatchedRegexes.insert(RegexRef(rule: i, field: .text, alternative: k))
                }
            }
        }
        var nameIDs: [String: Int32] = [:], textIDs: [String: Int32] = [:]
        func id(_ needle: String, _ dict: inout [String: Int32]) -> Int32 {
            if let id = dict[needle] { return id }
            let id = Int32(dict.count); dict[needle] = id; return id
        }
        func ids(_ patterns: [TextPattern], _ dict: inout [String: Int32]) -> [Int32] {
            patterns.map { p in p.isRegex ? -1 : id(p.needle, &dict) }
        }
        func guards(_ patterns: [TextPattern], _ dict: inout [String: Int32]) -> [Int32] {
            patterns.map { p in p.required.map { id($0, &dict) } ?? -1 }
        }
        var nameNeedles: [[Int32]] = [], textNeedles: [[Int32]] = []
        var nameGuards: [[Int32]] = [], textGuards: [[Int32]] = []
        for r in table.rules {
            nameNeedles.append(ids(r.names, &nameIDs))
            textNeedles.append(ids(r.texts, &textIDs))
        }
        for r in table.rules {  // after the literals, so their needle ids stay as they were
            nameGuards.append(guards(r.names, &nameIDs))
            textGuards.append(guards(r.texts, &textIDs))
        }
        self.nameNeedles = nameNeedles
        self.textNeedles = textNeedles
        self.nameGuards = nameGuards
        self.textGuards = textGuards
        func automaton(_ dict: [String: Int32]) -> SubstringAutomaton {
            SubstringAutomaton(dict.sorted { $0.value < $1.value }.map { Array($0.key.utf8) })
        }
        names = automaton(nameIDs)
        texts = automaton(textIDs)
        orgMasks = OrgMasks(table.rules)
        byName = Array(repeating: [], count: nameIDs.count)
        byText = Array(repeating: [], count: textIDs.count)
        for (i, r) in table.rules.enumerated() {
            if !r.orgs.isEmpty {
                for o in r.orgs { byOrg[o, default: []].append(i) }
            } else if r.accounts.count > 0,
                r.accounts.allSatisfy({
                    if case .exact = $0 { return true }; return false
                })
            {
                for case .exact(let a) in r.accounts { byAccount[a, default: []].append(i) }
            } else if !r.names.isEmpty, !nameNeedles[i].contains(-1) {
                for n in nameNeedles[i] { byName[Int(n)].append(i) }
            } else if !r.texts.isEmpty, !textNeedles[i].contains(-1) {
                for n in textNeedles[i] { byText[Int(n)].append(i) }
            } else {
                generic.append(i)
            }
        }
    }

    /// Classifies a subject; `nil` rule means no rule matched.
    public func classify(_ s: RuleSubject) -> Classification {
        let idx: Int32
        if let c = cache[s] {
            idx = c
        } else {
            if !overranThisSubject.isEmpty { overranThisSubject.removeAll() }
            if !tried.isEmpty { tried.removeAll(keepingCapacity: true) }
            if !unmatchedRegexes.isEmpty { observe(s) }
            idx = Int32(firstMatch(s) ?? -1)
            if cache.count < 200_000 { cache[s] = idx }
        }
        if idx < 0 {
            return Classification(category: RuleTable.unclassified, subcategory: RuleTable.unclassified, rule: nil)
        }
        hits[Int(idx)] += 1
        let r = table.rules[Int(idx)]
        return Classification(category: r.category, subcategory: r.subcategory, rule: Int(idx))
    }

    func firstMatch(_ s: RuleSubject) -> Int? {
        var nameHits: [Int32] = [], textHits: [Int32] = []
        names.scan(s.name.lowercased().utf8, into: &nameHits)
        texts.scan(s.description.lowercased().utf8, into: &textHits)
        texts.scan(s.accountText.lowercased().utf8, into: &textHits)
        var candidates = generic
        if let id = s.supplier, let o = byOrg[id] { candidates += o }
        if let a = byAccount[AccountPattern.folded(s.account)] { candidates += a }  // keyed in upper case
        for h in nameHits { candidates += byName[Int(h)] }
        for h in textHits { candidates += byText[Int(h)] }
        if candidates.count > generic.count { candidates.sort() }
        return candidates.first { i in
            let r = table.rules[i]
            if !r.orgs.isEmpty && !(s.supplier.map { r.orgs.contains($0) } ?? false) { return false }
            if !r.accounts.isEmpty && !r.accounts.contains(where: { $0.matches(s.account) }) { return false }
            if !r.names.isEmpty
                && !Classifier.any(
                    nameNeedles, guards: nameGuards, rule: i, hits: nameHits, plain: LatinFold.isPlain(s.name),
                    { k in
                        self.regexMatches(RegexRef(rule: i, field: .name, alternative: k), s.name)
                    })
            {
                return false
            }
            if !r.texts.isEmpty
                && !Classifier.any(
                    textNeedles, guards: textGuards, rule: i, hits: textHits,
                    plain: LatinFold.isPlain(s.description) && LatinFold.isPlain(s.accountText),
                    { k in
                        let ref = RegexRef(rule: i, field: .text, alternative: k)
                        return self.regexMatches(ref, s.description) || self.regexMatches(ref, s.accountText)
                    })
            {
                return false
            }
            return true
        }
    }

    /// Whether one of a condition's patterns holds: a substring the scan found, else a regular expression
    /// (given by its place among the condition's alternatives), run only when its required literal was found or
    /// the text is not `plain` (`LatinFold.isPlain`), where a literal's absence proves nothing.
    /// Rule `i`'s patterns are `needles[i]` and `guards[i]`, read in place: the hot loop retains no inner array.
    @inline(__always) static func any(
        _ needles: [[Int32]], guards: [[Int32]], rule i: Int, hits: [Int32], plain: @autoclosure () -> Bool,
        _ regex: (Int) -> Bool
    ) -> Bool {
        let n = needles[i].count
        for k in 0..<n where needles[i][k] >= 0 && hits.contains(needles[i][k]) { return true }
        for k in 0..<n where needles[i][k] < 0 {
            let g = guards[i][k]
            if g >= 0 && !hits.contains(g) && plain() { continue }
            if regex(k) { return true }
        }
        return false
    }

    /// Runs one regular expression on a text, noting an overrun.
    private func regexMatches(_ ref: RegexRef, _ text: String) -> Bool {
        if tracksRegexUsage, let t = tried[ref]?.first(where: { $0.text == text }) { return t.hit }
        let hit: Bool
        switch ref.pattern(in: table).run(text) {
        case .match: hit = true
        case .noMatch: hit = false
        case .overrun:
            if overranThisSubject.insert(ref).inserted {
                overruns[ref, default: RegexOverrun(count: 0, longest: 0)].count += 1
            }
            overruns[ref]!.longest = max(overruns[ref]!.longest, text.count)
            hit = false
        }
        if tracksRegexUsage { tried[ref, default: []].append((text, hit)) }
        return hit
    }

    /// Tries every regular expression not yet seen matching on a new subject's texts (for `rules check`).
    private func observe(_ s: RuleSubject) {
        for ref in unmatchedRegexes {
            let hit =
                ref.field == .name
                ? regexMatches(ref, s.name) : regexMatches(ref, s.description) || regexMatches(ref, s.accountText)
            if hit { unmatchedRegexes.remove(ref) }
        }
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
        if !r.texts.isEmpty
            && !r.texts.contains(where: {
                $0.matches(folded: desc, original: s.description) || $0.matches(folded: atext, original: s.accountText)
            })
        {
            return .text
        }
        return nil
    }

    /// Why `condition` of `r` fails for `s`, in words.
    static func message(_ condition: Condition, _ r: Rule, _ s: RuleSubject) -> String {
        switch condition {
        case .org: return "leverantor_orgnr is not \(r.orgs.map(\.display).sorted().joined(separator: "|"))"
        case .account:
            return
                "konto \(s.account.isEmpty ? "(none)" : s.account) is not \(r.accounts.map(\.description).joined(separator: "|"))"
        case .name: return "leverantor_namn does not contain \(r.names.map(\.source).joined(separator: "|"))"
        case .text: return "text does not contain \(r.texts.map(\.source).joined(separator: "|"))"
        }
    }

    /// Every rule tried for a subject up to the one that matched, with why each earlier one did not.
    public func explain(_ s: RuleSubject) -> [(rule: Rule, failed: String?)] {
        let name = s.name.lowercased(), desc = s.description.lowercased(), atext = s.accountText.lowercased()
        var out: [(Rule, String?)] = []
        for r in table.rules {
            let f = Classifier.failedCondition(r, s, name: name, desc: desc, atext: atext).map {
                Classifier.message($0, r, s)
            }
            out.append((r, f))
            if f == nil { break }
        }
        return out
    }
}
