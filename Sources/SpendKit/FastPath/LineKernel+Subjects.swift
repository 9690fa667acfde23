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
        /// Ids (`ColumnCache`) of the supplier's identity, its name, the account, the contract reference and the
        /// export's own classification.
        var identity: Int32, name: Int32, account: Int32, ref: Int32, export: Int32
        /// The supplier's and the account's ids in the SQLite output's lines (`KernelRows`), when it is written.
        var rowSupplier: Int32 = -1, rowAccount: Int32 = -1

        static let slow = WhatEntry(
            fixed: -2, tries: 0..<0, definite: -1, identity: -1, name: -1, account: -1, ref: -1, export: -1)
    }

    /// What a class is made of: the figures tell these apart, nothing else of a line's columns. The unclassified
    /// spend by account is summed per line beside it (`YearSums.bookAccount`), so accounts make no classes.
    struct ClassKey {
        var identity: Int32, name: Int32, rule: Int32, ref: Int32, export: Int32

        /// The key in three words, for `TripleTable`.
        @inline(__always) var words: TripleTable.Key {
            (
                UInt64(UInt32(bitPattern: identity)) << 32 | UInt64(UInt32(bitPattern: name)),
                UInt64(UInt32(bitPattern: rule)) << 32 | UInt64(UInt32(bitPattern: ref)),
                UInt64(UInt32(bitPattern: export)) << 32
            )
        }
    }

    /// The record's first part: found by its bytes while that pays, else worked out from its columns' values.
    @inline(__always) func entry(_ r: CSVRecord, _ hint: LineKernel.Hint) -> WhatEntry {
        if bypass { return derive(r, keep: false, hint) }
        let found =
            hint.what ? whats.find(staged: hint.slot, r, columns: whatColumns) : whats.find(r, columns: whatColumns)
        lookups += 1
        if found >= 0 { return whatEntries[found] }
        misses += 1
        if lookups == bypassProbe && misses * 2 > lookups {
            // Most combinations are new: looking them up costs more than it saves.
            bypass = true
            prefetching = true
            return derive(r, keep: false, hint)
        }
        if whats.count >= limit { forgetWhats() }  // a cache of derivations: forgetting it costs no flush
        if whats.insertLast() >= prefetchFrom { prefetching = true }
        let e = derive(r, keep: true, hint)
        whatEntries.append(e)
        return e
    }

    /// Works a first part out from the record's column values; `keep` keeps its text rules for later records.
    @inline(__always) func derive(_ r: CSVRecord, keep: Bool, _ hint: LineKernel.Hint) -> WhatEntry {
        // Only a flush resets the column cache, so a full one asks for it: lines that make no new class, place or
        // cell would otherwise never flush while their new values pile up.
        if columns.isFull { full = true }
        if !keep { textRules.removeSubrange(keptRules...) }
        if decides {
            // An exclusion or a custom status may take the row: the normaliser's own test, on the row's strings.
            r.raw(into: &raw)
            if normaliser.needsReference(raw) { return .slow }
        } else if currencyColumn >= 0 {
            // Another currency than the ledger's converts by the line's day: the reference way.
            let c = RawRecord.trimmed(r[currencyColumn])
            if !c.isEmpty
                && !(c.count == currencyCode.count
                    && zip(c, currencyCode).allSatisfy { $0 &- 0x61 < 26 ? $0 - 0x20 == $1 : $0 == $1 })
            {
                return .slow
            }
        }
        // A totals label alone as the supplier's name (`Grand Total`, dated) may be a totals row: the reference way.
        if nameColumn >= 0, case let n = RawRecord.trimmed(r[nameColumn]), !n.isEmpty, LayoutRow.label(n) == .bare {
            return .slow
        }
        let staged = hint.values ? hint.slot : -1
        let idEntry = columns.id(r, staged: staged), nameEntry = columns.name(r, staged: staged)
        var (identity, maskedPerson) = columns.idIdentity(idEntry)
        let nameID = columns.nameOf(nameEntry)
        if identity < 0 {
            identity = columns.nameIdentity(nameEntry)
            if identity < 0 { return .slow }  // no supplier name or id: a reject, the reference way
        } else if maskedPerson {
            identity = columns.identity(maskedPerson: columns.idValues[idEntry]!, name: columns.nameString(nameID))
        }
        let accountEntry = columns.account(r)
        var e = WhatEntry(
            fixed: -1, tries: 0..<0, definite: -1, identity: identity, name: nameID,
            account: columns.accountOf[accountEntry],
            ref: col.contractRef >= 0 ? columns.ref(r) : -1, export: -1)
        sqlite?.what(&e, idEntry: idEntry, accountEntry: accountEntry, columns: columns, record: r)
        let start = Int32(textRules.count)
        if columns.classifier != nil {
            let w = columns.words
            search: for k in 0..<w {
                var bits =
                    columns.orgMask(idEntry, k) & columns.nameMask(nameEntry, k)
                    & columns.accountMasks[accountEntry * w + k]
                // A rule holds at once when it has no text condition or the account's text meets it.
                let holds = columns.textless[k] | columns.accountTextMasks[accountEntry * w + k]
                while bits != 0 {
                    let i = k * 64 + bits.trailingZeroBitCount
                    bits &= bits - 1
                    if holds & (1 << UInt64(i & 63)) != 0 {
                        e.definite = Int32(i)
                        break search
                    }
                    textRules.append(Int32(i))
                }
            }
        } else if col.category >= 0 || col.subcategory >= 0 {
            e.export = columns.export(r)
        }
        e.tries = start..<Int32(textRules.count)
        if keep { keptRules = textRules.count }
        if e.tries.isEmpty { e.fixed = classOf(e, rule: e.definite) }
        return e
    }

    /// The class of a line whose rule depends on its description: the first rule of `tries` whose text condition
    /// holds on it, else the definite one.
    @inline(__always) func textClass(_ e: WhatEntry, _ r: CSVRecord) -> Int {
        let classifier = columns.classifier!
        let d =
            descriptionColumn >= 0 ? RawRecord.trimmed(r[descriptionColumn]) : UnsafeBufferPointer(start: nil, count: 0)
        hits.removeAll(keepingCapacity: true)
        var original: String?
        if !PersonalData.mayHold(d) {
            let n = LatinFold.foldAll(d, into: &folded)
            folded.withUnsafeBufferPointer {
                classifier.texts.scan(UnsafeBufferPointer(rebasing: $0[..<n]), into: &hits)
            }
        } else {
            // A personnummer to mask: the reference way's own strings.
            let s = PersonalData.masked(String(decoding: d, as: UTF8.self))
            original = s
            classifier.texts.scan(s.lowercased().utf8, into: &hits)
        }
        var rule = e.definite
        var plain: Bool?  // worked out once a line, and only when a required literal is missing
        func isPlain() -> Bool {
            if plain == nil { plain = original == nil && LatinFold.isPlain(d) }
            return plain!
        }
        for k in e.tries {
            let i = Int(textRules[Int(k)])
            if classifier.textHolds(
                i, hits: hits, plain: isPlain(), original: { original ?? String(decoding: d, as: UTF8.self) })
            {
                rule = Int32(i); break
            }
        }
        return Int(classOf(e, rule: rule))
    }

    /// The class of a first part under `rule` (-1: unclassified by the rules), made on first sight.
    @inline(__always) func classOf(_ e: WhatEntry, rule: Int32) -> Int32 {
        let key = ClassKey(identity: e.identity, name: e.name, rule: rule, ref: e.ref, export: e.export)
        let words = key.words
        let found = classTable.find(words)
        if found >= 0 { return found }
        _ = classTable.insert(words)
        return makeClass(key)
    }

    /// A class: a first part under one rule, by ids (no `String` of its own), and what the hot loop needs of it.
    func makeClass(_ k: ClassKey) -> Int32 {
        let cat = self.cat(rule: k.rule, export: k.export)
        let c = Int(cat), inCategory = cats[c].inCategory  // no copy of the entry: its strings
        let identity = Int(k.identity)
        var contracts: [Int] = []
        var reference = ContractReference.none
        // A contract may name the supplier by name alone, whatever id the line carries: then the class's name asks.
        let byName = analyzer.contracts.byName  // no copy of the register: a retain and release per class
        let named = byName ? columns.nameString(k.name) : ""
        let hasContracts =
            columns.identityContracts[identity]
            || byName && analyzer.contracts.hasContracts(supplier: columns.identityKey(identity), name: named)
        if inCategory {
            if hasContracts {
                contracts = analyzer.contracts.candidates(
                    supplier: columns.identityKey(identity), name: named, category: cats[c].classification.category,
                    subcategory: cats[c].classification.subcategory)
            }
            if k.ref >= 0 { reference = self.reference(k.ref, identity: identity, name: named) }
        }
        let name = UInt32(k.name)
        classes.append(
            ClassInfo(
                name: name, namedName: k.name == columns.emptyName ? .max : name,
                reference: reference))
        if let sqlite {
            sqlite.classMade(
                cats[c].rules, supplier: { self.columns.identityKey(identity) }, name: named, hasContracts: hasContracts)
        }
        dupPrefixes.append(columns.identityDup[identity])
        let start = Int32(candidates.count)
        candidates += contracts.map { Int32($0) }
        var refCheck: Int32 = -1
        if case .check(let i) = reference { refCheck = Int32(i) }
        hot.append(
            Hot(
                state: inCategory ? .inCategory : .outsideCategory, byAccount: cats[c].coverage && cats[c].unclassified,
                candidates: start..<Int32(candidates.count),
                refCheck: refCheck, cat: cat, supplier: columns.identityPool[identity],
                prefix: columns.identityPrefix[identity]))
        if classes.count >= limit { full = true }
        return Int32(classes.count - 1)
    }

    /// The index in `cats` of a rule's classification (-1: unclassified) or, without rules, of the export's own.
    @inline(__always) func cat(rule: Int32, export: Int32) -> Int32 {
        if columns.classifier != nil {
            let i = rule < 0 ? catOfRule.count - 1 : Int(rule)
            if catOfRule[i] < 0 { catOfRule[i] = makeCat(rule: rule, export: -1) }
            return catOfRule[i]
        }
        if export < 0 { return makeCat(rule: -1, export: -1) }
        if Int(export) >= catOfExport.count {
            catOfExport += repeatElement(-1, count: Int(export) + 1 - catOfExport.count)
        }
        if catOfExport[Int(export)] < 0 { catOfExport[Int(export)] = makeCat(rule: -1, export: export) }
        return catOfExport[Int(export)]
    }

    private func makeCat(rule: Int32, export: Int32) -> Int32 {
        let c: Classification
        if let classifier = columns.classifier, rule >= 0 {
            let r = classifier.table.rules[Int(rule)]
            c = Classification(category: r.category, subcategory: r.subcategory, rule: Int(rule))
        } else if export >= 0, case let x = columns.exportStrings[Int(export)], !x.category.isEmpty {
            c = Classification(category: x.category, subcategory: x.subcategory, rule: nil)
        } else {
            c = Classification(category: RuleTable.unclassified, subcategory: RuleTable.unclassified, rule: nil)
        }
        if let i = catIndex[c] { return i }
        let (reported, inCategory, coverage) = analyzer.reported(c)
        cats.append(
            CatInfo(
                rules: c, classification: reported, inCategory: inCategory, coverage: coverage,
                unclassified: reported.category == RuleTable.unclassified,
                sub: analyzer.names.subcategories.id(reported.subcategory)))
        catIndex[c] = Int32(cats.count - 1)
        return Int32(cats.count - 1)
    }

    /// What a category line's contract reference says, for a supplier identity; the contract looked up once per value.
    private func reference(_ ref: Int32, identity: Int, name: String) -> ContractReference {
        let text = columns.refStrings[Int(ref)]
        guard !text.isEmpty else { return .none }
        if Int(ref) >= refContract.count { refContract += repeatElement(-2, count: Int(ref) + 1 - refContract.count) }
        if refContract[Int(ref)] == -2 { refContract[Int(ref)] = Int32(analyzer.contracts.contract(id: text) ?? -1) }
        let i = Int(refContract[Int(ref)])
        guard i >= 0 else { return .unknown }
        return analyzer.contracts.names(i, supplier: columns.identityKey(identity), name: name) ? .check(i) : .otherSupplier
    }

    /// The record's place, found by its bytes or worked out from this record.
    @inline(__always) func place(_ r: CSVRecord, _ hint: LineKernel.Hint) -> Int {
        let found =
            hint.place
            ? placeBytes.find(staged: hint.slot, r, columns: placeColumns) : placeBytes.find(r, columns: placeColumns)
        if found >= 0 { return found }
        let b = placeBytes.insertLast()
        if b >= prefetchFrom { prefetching = true }
        r.raw(into: &raw)
        let p = normaliser.placement(raw)
        let (board, mapped) = analyzer.board(costCentre: p.costCentre, exportBoard: p.board)
        let key = Place(board: board, mapped: mapped, costCentre: mapped ? "" : p.costCentre, buyer: p.buyer)
        sqlite?.placeMade(costCentre: p.costCentre, board: board, buyer: p.buyer)
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

    /// The cell of a class's classification and a place's class: what the figures by subcategory, board, buyer and
    /// cost centre add up, made on first sight with the invoice tally's cell of its subcategory and board.
    @inline(__always) func cell(cat: Int32, _ b: Int) -> Int {
        let place = placeClass[b]
        let key = (UInt64(UInt32(cat)) << 32 | UInt64(UInt32(place)), UInt64(0), UInt64(0))
        let found = cellTable.find(key)
        if found >= 0 { return Int(found) }
        _ = cellTable.insert(key)
        cellKeys.append((cat, place))
        cellTally.append(cats[Int(cat)].inCategory ? tallyCell(cat: cat, place: place) : 0)
        if cellKeys.count >= limit { full = true }
        return cellKeys.count - 1
    }

    /// The invoice tally's cell of a classification's subcategory and a place's board.
    private func tallyCell(cat: Int32, place: Int32) -> UInt32 {
        analyzer.names.cells.id(
            Cell(subcategory: cats[Int(cat)].classification.subcategory, board: places[Int(place)].board))
    }

    /// The description as the duplicate key hashes it (masked where the reference way masks it).
    @inline(__always) func addDescription(_ r: CSVRecord, to k: inout FNV64) {
        guard descriptionColumn >= 0 else { k.field(EmptyCollection<UInt8>()); return }
        let d = RawRecord.trimmed(r[descriptionColumn])
        if PersonalData.mayHold(d) {
            k.field(PersonalData.masked(String(decoding: d, as: UTF8.self)).utf8)
        } else {
            k.field(d)
        }
    }

    /// Drops the first parts found by bytes (the last `find`'s key stays for `insertLast`); classes stay. Their room
    /// stays, as on a varied ledger the table fills up again at once, unless `all` or the kernel no longer looks first
    /// parts up (`bypass`: held for nothing, it was 8 MB of a million suppliers' peak on two threads).
    func forgetWhats(all: Bool = false) {
        let keep = !all && !bypass
        whats.removeAll(keepingCapacity: keep); whatEntries.removeAll(keepingCapacity: keep)
        textRules.removeAll(keepingCapacity: keep); keptRules = 0
    }

    /// Drops, after their sums were flushed, what has grown to `limit`: the column cache with the classes made of
    /// its ids, the classes, the places with the cells made of them, the cells. The rest stays, so a ledger whose
    /// classes fill the tables again and again does not work its places and cells out anew each time. `all`
    /// drops everything.
    func forgetSubjects(all: Bool = false) {
        let values = all || columns.isFull
        let dropClasses = values || classes.count >= limit
        let dropPlaces = all || placeBytes.count >= limit
        let dropCells = dropPlaces || cellKeys.count >= limit
        if dropClasses {
            // the classes' arrays keep their room as the first parts' table does (`forgetWhats`)
            let keep = !all && !bypass
            forgetWhats(all: all); classTable.removeAll(keepingCapacity: !all)
            classes.removeAll(keepingCapacity: keep); hot.removeAll(keepingCapacity: keep)
            candidates.removeAll(keepingCapacity: keep); dupPrefixes.removeAll(keepingCapacity: keep)
        }
        sqlite?.forget(classes: dropClasses, places: dropPlaces, values: values)
        if values { columns.reset(); catOfExport.removeAll(); refContract.removeAll() }
        if dropPlaces {
            placeBytes.removeAll(); placeClass.removeAll(); dupCostCentres.removeAll(); classIndex.removeAll()
            places.removeAll()
        }
        if dropCells { cellTable.removeAll(keepingCapacity: !all); cellKeys.removeAll(); cellTally.removeAll() }
        full = false
    }
}
