/// The two parts of a record's subject and their pairs: found by bytes, worked out on first sight.
extension LineKernel {
    /// The record's first part, found by its bytes or worked out from this record.
    @inline(__always) func what(_ r: CSVRecord) -> Int {
        let found = whats.find(r, columns: whatColumns)
        if found >= 0 { return found }
        let a = whats.insertLast()
        r.raw(into: &raw)
        if case .accepted(let l) = normaliser.normalise(raw, file: file), isSEK(r) {
            let f = analyzer.facts(l)
            facts.append(f)
            var p = FNV64(); p.add(f.supplier.utf8)
            prefixes.append(p)
            var d = FNV64()
            if seen != nil { d.field((l.supplierID?.key ?? SupplierID.nameKey(l.supplierName)).utf8) }
            dupPrefixes.append(d)
            dupAccounts.append(seen == nil ? [] : Array(l.account.utf8) + [0x1F])
            dupDescriptions.append(seen == nil ? [] : Array(l.description.utf8) + [0x1F])
            let start = Int32(candidates.count)
            candidates += f.candidates.map { Int32($0) }
            var refCheck: Int32 = -1
            if case .check(let i) = f.reference { refCheck = Int32(i) }
            hot.append(Hot(state: f.inCategory ? 2 : 1, candidates: start..<Int32(candidates.count), refCheck: refCheck))
        } else {
            facts.append(nil); prefixes.append(FNV64()); dupPrefixes.append(FNV64()); dupAccounts.append([]); dupDescriptions.append([])
            hot.append(Hot(state: 0, candidates: 0..<0, refCheck: -1))
        }
        if whats.count >= limit { full = true }
        return a
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

    /// The pair of a first part and a place, its sums grown for it on first sight.
    @inline(__always) func pair(_ a: Int, _ b: Int) -> Int {
        let c = placeClass[b]
        let found = pairTable.find(word: UInt64(UInt32(a)) << 32 | UInt64(UInt32(c)))
        if found >= 0 { return found }
        let s = pairTable.insertLast()
        pairs.append((Int32(a), c))
        let f = facts[a]!
        tags.append(f.inCategory ? analyzer.names.tag(supplier: f.supplier, subcategory: f.classification.subcategory, board: places[Int(c)].board) : 0)
        for y in years.indices { years[y].grow(to: pairs.count) }
        if pairs.count >= limit { full = true }
        return s
    }

    /// Whether the record's amount is in kronor already: other currencies convert by the line's day, the reference way.
    func isSEK(_ r: CSVRecord) -> Bool {
        guard currencyColumn >= 0 else { return true }
        let c = String(decoding: RawRecord.trimmed(r[currencyColumn]), as: UTF8.self).uppercased()
        return c.isEmpty || c == "SEK"
    }

    /// Drops every subject, after their sums were flushed.
    func forgetSubjects() {
        whats.removeAll(); placeBytes.removeAll(); pairTable.removeAll()
        facts.removeAll(); hot.removeAll(); candidates.removeAll(); prefixes.removeAll(); dupPrefixes.removeAll(); dupAccounts.removeAll(); dupDescriptions.removeAll()
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
