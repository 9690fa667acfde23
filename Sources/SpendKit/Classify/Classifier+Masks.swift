/// The rule table as bit sets, for the fast path: for one value of one column, the rules whose condition on that
/// column holds (or that have none). A line's rule is the first bit of the AND over its columns, so each distinct
/// value is worked out once, however many combinations it occurs in.
extension Classifier {
    /// 64-bit words per mask.
    var maskWords: Int { max(1, (table.rules.count + 63) / 64) }


    /// Appends the mask of an account: rules without an account condition, and those whose accounts hold it.
    func appendAccountMask(_ account: String, to m: inout [UInt64]) {
        appendMask(to: &m) { r in r.accounts.isEmpty || r.accounts.contains { $0.matches(account) } }
    }

    /// Appends the mask of a supplier name: rules without a name condition, and those one of whose names it holds.
    func appendNameMask(_ name: String, to m: inout [UInt64]) {
        var hits: [Int32] = []
        names.scan(LatinFold.lower(name), into: &hits)
        var i = -1
        appendMask(to: &m) { r in
            i += 1
            return r.names.isEmpty
                || Classifier.any(
                    nameNeedles, guards: nameGuards, rule: i, hits: hits, plain: LatinFold.isPlain(name)
                ) {
                    k in r.names[k].matchesRegex(name)
                }
        }
    }

    /// Appends the mask of the rules whose text condition holds on `text` (rules without one are not set).
    func appendTextMask(_ text: String, to m: inout [UInt64]) {
        var hits: [Int32] = []
        texts.scan(LatinFold.lower(text), into: &hits)
        var i = -1
        appendMask(to: &m) { r in
            i += 1
            return !r.texts.isEmpty && textHolds(i, hits: hits, plain: LatinFold.isPlain(text)) { text }
        }
    }

    /// Whether rule `i`'s text condition holds on a text whose automaton hits are `hits`; `original` gives the
    /// text for its regular expressions, made only when one has to run, and `plain` whether it is
    /// `LatinFold.isPlain`, asked only when a required literal is missing.
    @inline(__always) func textHolds(
        _ i: Int, hits: [Int32], plain: @autoclosure () -> Bool, original: () -> String
    ) -> Bool {
        // The rule is read only when a regular expression runs: a copy of it per line retained its nine references.
        Classifier.any(textNeedles, guards: textGuards, rule: i, hits: hits, plain: plain()) { k in
            table.rules[i].texts[k].matchesRegex(original())
        }
    }

    private func appendMask(to m: inout [UInt64], _ holds: (Rule) -> Bool) {
        let base = m.count
        m.append(contentsOf: repeatElement(0, count: maskWords))
        for (i, r) in table.rules.enumerated() where holds(r) { m[base + i >> 6] |= 1 << UInt64(i & 63) }
    }
}

/// A supplier id's rule mask: the rules without an org condition, and those listing the id. Made once per rule
/// table (`Classifier.orgMasks`) and read by every kernel: a new id costs one lookup, not a test per rule.
struct OrgMasks: Sendable {
    /// The rules without an org condition (every id's mask holds them).
    let base: [UInt64]
    /// Per id listed by a rule: `base` and the rules listing it.
    let byID: [SupplierID: [UInt64]]

    init(_ rules: [Rule]) {
        var base = [UInt64](repeating: 0, count: max(1, (rules.count + 63) / 64))
        for (i, r) in rules.enumerated() where r.orgs.isEmpty { base[i >> 6] |= 1 << UInt64(i & 63) }
        var byID: [SupplierID: [UInt64]] = [:]
        for (i, r) in rules.enumerated() {
            for o in r.orgs { byID[o, default: base][i >> 6] |= 1 << UInt64(i & 63) }
        }
        self.base = base
        self.byID = byID
    }

    /// Appends the mask of `id` (nil: no id).
    func append(_ id: SupplierID?, to m: inout [UInt64]) {
        m.append(contentsOf: id.flatMap { byID[$0] } ?? base)
    }
}
