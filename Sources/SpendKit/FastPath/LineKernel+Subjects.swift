/// The parts of a record's subject: its `what` (found by bytes, worked out from per-column values on first sight),
/// the class its rule puts it in (per line only when the rule depends on the description), and its place.
extension LineKernel {
    /// A first part as the hot loop needs it.
    struct WhatEntry {
        /// -2: the reference way for every record; -1: the class depends on each line's description; else the class.
        var fixed: Int32
        /// Rules whose text condition is tried on each line's description, in table order (into `textRules`).
        var tries: Range<Int32>
        /// The rule when none of `tries` holds (-1: none, unclassified).
        var definite: Int32
        /// One class per outcome, `tries.count + 1` of them, made when first met (into `whatClasses`; -1: not yet).
        var classes: Int32
        var parts: Int32
    }

    /// What the facts of a first part are made of, as `RowNormaliser` reads them.
    struct WhatParts {
        var supplier: String, name: String, account: String, contractRef: String
        var exportCategory: String, exportSubcategory: String
        /// The supplier as the duplicate key has it.
        var dupSupplier: String
    }

    /// The record's first part, found by its bytes or worked out from its column values.
    @inline(__always) func what(_ r: CSVRecord) -> Int {
        let found = whats.find(r, columns: whatColumns)
        if found >= 0 { return found }
        let a = whats.insertLast()
        if whats.count >= limit { full = true }
        r.raw(into: &raw)
        func text(_ c: Int) -> String { c >= 0 ? raw.trimmedString(c) : "" }
        let idEntry = columns.id(r, raw), nameEntry = columns.name(r, raw)
        let id = columns.idValues[idEntry], name = columns.nameValues[nameEntry]
        guard !normaliser.needsReference(raw), !(name.isEmpty && id == nil) else {  // another currency, an exclusion
            whatEntries.append(WhatEntry(fixed: -2, tries: 0..<0, definite: -1, classes: -1, parts: -1))
            return a
        }
        let accountEntry = columns.account(r, raw)
        whatParts.append(WhatParts(supplier: SupplierKey.of(id, name: name), name: name, account: columns.accountValues[accountEntry].account,
                                   contractRef: text(col.contractRef), exportCategory: text(col.category), exportSubcategory: text(col.subcategory),
                                   dupSupplier: id?.key ?? SupplierID.nameKey(name)))
        let parts = Int32(whatParts.count - 1)
        var definite: Int32 = -1
        let start = Int32(textRules.count)
        if let classifier = columns.classifier {
            let w = columns.words
            let rules = classifier.table.rules
            search: for k in 0..<w {
                var bits = columns.orgMasks[idEntry * w + k] & columns.nameMasks[nameEntry * w + k] & columns.accountMasks[accountEntry * w + k]
                while bits != 0 {
                    let i = k * 64 + bits.trailingZeroBitCount
                    bits &= bits - 1
                    if rules[i].texts.isEmpty || columns.accountTextMasks[accountEntry * w + k] & (1 << UInt64(i & 63)) != 0 {
                        definite = Int32(i)
                        break search
                    }
                    textRules.append(Int32(i))
                }
            }
        }
        let tries = start..<Int32(textRules.count)
        if tries.isEmpty {
            whatEntries.append(WhatEntry(fixed: makeClass(parts, rule: definite), tries: tries, definite: definite, classes: -1, parts: parts))
        } else {
            whatEntries.append(WhatEntry(fixed: -1, tries: tries, definite: definite, classes: Int32(whatClasses.count), parts: parts))
            whatClasses.append(contentsOf: repeatElement(-1, count: tries.count + 1))
        }
        return a
    }

    /// The class of a line whose rule depends on its description: the first rule of `tries` whose text condition
    /// holds on it, else the definite one.
    @inline(__always) func textClass(_ a: Int, _ r: CSVRecord) -> Int {
        let w = whatEntries[a]
        let classifier = columns.classifier!
        let d = descriptionColumn >= 0 ? RawRecord.trimmed(r[descriptionColumn]) : UnsafeBufferPointer(start: nil, count: 0)
        hits.removeAll(keepingCapacity: true)
        var original: String?
        if let n = LineKernel.foldCase(d, into: &folded) {
            folded.withUnsafeBufferPointer { classifier.texts.scan(UnsafeBufferPointer(rebasing: $0[..<n]), into: &hits) }
        } else {
            // A personnummer to mask, or letters beyond Latin-1: the reference way's own strings.
            let s = PersonalData.masked(String(decoding: d, as: UTF8.self))
            original = s
            classifier.texts.scan(s.lowercased().utf8, into: &hits)
        }
        var outcome = Int(w.tries.count)
        for k in 0..<Int(w.tries.count) {
            let i = Int(textRules[Int(w.tries.lowerBound) + k])
            if classifier.textHolds(i, hits: hits, original: { original ?? String(decoding: d, as: UTF8.self) }) { outcome = k; break }
        }
        let slot = Int(w.classes) + outcome
        if whatClasses[slot] < 0 {
            whatClasses[slot] = makeClass(w.parts, rule: outcome < w.tries.count ? textRules[Int(w.tries.lowerBound) + outcome] : w.definite)
        }
        return Int(whatClasses[slot])
    }

    /// `b` lower-cased into the start of `buffer` (its length returned) the way `String.lowercased()` does for ASCII
    /// and Latin-1 letters; nil when `b` holds other non-ASCII letters or may hold a personnummer, which the
    /// reference way's strings handle.
    @inline(__always) static func foldCase(_ b: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) -> Int? {
        if PersonalData.mayHold(b) { return nil }
        if buffer.count < b.count { buffer = [UInt8](repeating: 0, count: max(b.count, 2 * buffer.count)) }
        return buffer.withUnsafeMutableBufferPointer { out -> Int? in
            var i = 0
            while i < b.count {
                let x = b[i]
                if x < 0x80 {
                    out[i] = x &- 0x41 < 26 ? x | 0x20 : x
                    i += 1
                } else if x == 0xC2 || x == 0xC3, i + 1 < b.count {
                    let y = b[i + 1]
                    out[i] = x
                    out[i + 1] = x == 0xC3 && y >= 0x80 && y <= 0x9E && y != 0x97 ? y + 0x20 : y
                    i += 2
                } else {
                    return nil
                }
            }
            return b.count
        }
    }

    /// A class: the facts of a first part under one rule, and what the hot loop needs of them.
    func makeClass(_ parts: Int32, rule: Int32) -> Int32 {
        let p = whatParts[Int(parts)]
        let c: Classification
        if let classifier = columns.classifier {
            if rule >= 0 {
                let r = classifier.table.rules[Int(rule)]
                c = Classification(category: r.category, subcategory: r.subcategory, rule: Int(rule))
            } else {
                c = Classification(category: RuleTable.unclassified, subcategory: RuleTable.unclassified, rule: nil)
            }
        } else if !p.exportCategory.isEmpty {
            c = Classification(category: p.exportCategory, subcategory: p.exportSubcategory, rule: nil)
        } else {
            c = Classification(category: RuleTable.unclassified, subcategory: RuleTable.unclassified, rule: nil)
        }
        let f = analyzer.facts(c, supplier: p.supplier, name: p.name, account: p.account, contractRef: p.contractRef)
        facts.append(f)
        var prefix = FNV64(); prefix.add(f.supplier.utf8)
        prefixes.append(prefix)
        var d = FNV64()
        if seen != nil { d.field(p.dupSupplier.utf8) }
        dupPrefixes.append(d)
        dupAccounts.append(seen == nil ? [] : Array(p.account.utf8) + [0x1F])
        let start = Int32(candidates.count)
        candidates += f.candidates.map { Int32($0) }
        var refCheck: Int32 = -1
        if case .check(let i) = f.reference { refCheck = Int32(i) }
        hot.append(Hot(state: f.inCategory ? 2 : 1, candidates: start..<Int32(candidates.count), refCheck: refCheck))
        return Int32(facts.count - 1)
    }

    /// The record's place, found by its bytes or worked out from this record.
    @inline(__always) func place(_ r: CSVRecord) -> Int {
        let found = placeBytes.find(r, columns: placeColumns)
        if found >= 0 { return found }
        let b = placeBytes.insertLast()
        r.raw(into: &raw)
        let p = normaliser.placement(raw)
        let (board, mapped) = analyzer.board(costCentre: p.costCentre, exportBoard: p.board)
        let key = Place(board: board, mapped: mapped, costCentre: mapped ? "" : p.costCentre, buyer: p.buyer)
        if let c = classIndex[key] {
            placeClass.append(c)
        } else {
            placeClass.append(Int32(places.count))
            classIndex[key] = Int32(places.count)
            places.append(key)
        }
        dupCostCentres.append(seen == nil ? [] : Array(p.costCentre.utf8) + [0x1F])
        if placeBytes.count >= limit { full = true }
        return b
    }

    /// The pair of a class and a place, its sums grown for it on first sight.
    @inline(__always) func pair(_ a: Int, _ b: Int) -> Int {
        let c = placeClass[b]
        let found = pairTable.find(word: UInt64(UInt32(a)) << 32 | UInt64(UInt32(c)))
        if found >= 0 { return found }
        let s = pairTable.insertLast()
        pairs.append((Int32(a), c))
        let f = facts[a]
        tags.append(f.inCategory ? analyzer.names.tag(supplier: f.supplier, subcategory: f.classification.subcategory, board: places[Int(c)].board) : 0)
        for y in years.indices { years[y].grow(to: pairs.count) }
        if pairs.count >= limit { full = true }
        return s
    }

    /// The description as the duplicate key hashes it (masked where the reference way masks it).
    @inline(__always) func addDescription(_ r: CSVRecord, to k: inout FNV64) {
        guard descriptionColumn >= 0 else { k.field(EmptyCollection<UInt8>()); return }
        let d = RawRecord.trimmed(r[descriptionColumn])
        if PersonalData.mayHold(d) { k.field(PersonalData.masked(String(decoding: d, as: UTF8.self)).utf8) } else { k.field(d) }
    }

    /// Drops every subject, after their sums were flushed.
    func forgetSubjects() {
        whats.removeAll(); placeBytes.removeAll(); pairTable.removeAll()
        whatEntries.removeAll(); whatParts.removeAll(); textRules.removeAll(); whatClasses.removeAll()
        facts.removeAll(); hot.removeAll(); candidates.removeAll(); prefixes.removeAll(); dupPrefixes.removeAll(); dupAccounts.removeAll()
        placeClass.removeAll(); dupCostCentres.removeAll(); classIndex.removeAll(); places.removeAll()
        pairs.removeAll(); tags.removeAll()
        full = false
    }
}

extension LineKernel.YearSums {
    mutating func grow(to n: Int) {
        let more = n - amount.count
        guard more > 0 else { return }
        amount += repeatElement(0, count: more); off += repeatElement(0, count: more); lines += repeatElement(0, count: more)
    }
}
