import Testing

@testable import SpendKit

/// The invoice tally against a count by sets: random lines with and without invoice keys, added into tallies with
/// the same and with other names, merged, counted. Lines without a key are invoices of their own, of which the
/// tally keeps only counts per supplier and per cell.
@Suite("Invoice tally")
struct InvoiceTallyTests {
    struct Line { var key: UInt64?; var supplier: String; var sub: String; var board: String }

    static func lines(seed: UInt64, count: Int, suppliers: Int) -> [Line] {
        var rng = FixtureRandom(seed: seed)
        return (0..<count).map { _ in
            Line(
                key: rng.int(0...2) == 0 ? nil : UInt64(rng.int(0...count / 3)) &* 0x9E37_79B9_7F4A_7C15,
                supplier: "s\(rng.int(0...suppliers - 1))", sub: "u\(rng.int(0...3))", board: "b\(rng.int(0...4))")
        }
    }

    /// What `count()` must give, by sets.
    static func oracle(_ lines: [Line]) -> (
        all: Int, bySupplier: [String: Int], bySub: [String: Int], byBoard: [String: Int]
    ) {
        var all = 0, bySupplier: [String: Int] = [:], bySub: [String: Int] = [:], byBoard: [String: Int] = [:]
        var keys = Set<UInt64>(), seen = Set<String>()
        for l in lines {
            guard let k = l.key else {
                all += 1; bySupplier[l.supplier, default: 0] += 1; bySub[l.sub, default: 0] += 1;
                byBoard[l.board, default: 0] += 1
                continue
            }
            if keys.insert(k).inserted { all += 1 }
            if seen.insert("s\(k)|\(l.supplier)").inserted { bySupplier[l.supplier, default: 0] += 1 }
            if seen.insert("u\(k)|\(l.sub)").inserted { bySub[l.sub, default: 0] += 1 }
            if seen.insert("b\(k)|\(l.board)").inserted { byBoard[l.board, default: 0] += 1 }
        }
        return (all, bySupplier, bySub, byBoard)
    }

    @Test(
        "counts agree with sets, in one tally and merged from parts with the same or other names",
        arguments: [(UInt64(1), 3_000, 50, 1), (2, 3_000, 2_000, 3), (3, 20_000, 15_000, 1), (4, 20_000, 15_000, 2)])
    func againstSets(_ seed: UInt64, _ count: Int, _ suppliers: Int, _ parts: Int) throws {
        let lines = Self.lines(seed: seed, count: count, suppliers: suppliers)
        let names = TallyNames(budget: 4_096)  // small: records spill to files too
        var whole = InvoiceTally(names: names)
        whole.recentLimit = 100  // small: single invoices go from the table into the array too
        for (i, l) in lines.enumerated() {
            // every other part interns its names elsewhere, as a part file read back does
            let part = i * parts / lines.count
            if part == 0 {
                whole.add(
                    key: l.key,
                    tag: names.tag(supplier: SupplierKey(text: l.supplier), subcategory: l.sub, board: l.board))
            }
        }
        for p in 1..<max(parts, 1) {
            let own = p % 2 == 1 ? TallyNames(budget: 4_096) : names
            var t = InvoiceTally(names: own)
            t.recentLimit = 100
            for (i, l) in lines.enumerated() where i * parts / lines.count == p {
                t.add(
                    key: l.key,
                    tag: own.tag(supplier: SupplierKey(text: l.supplier), subcategory: l.sub, board: l.board))
            }
            whole.merge(t)
        }
        let got = try whole.count(threads: 2), want = Self.oracle(lines)
        #expect(got.all == want.all)
        #expect(got.bySubcategory == want.bySub)
        #expect(got.byBoard == want.byBoard)
        var bySupplier: [String: Int] = [:]
        for (id, n) in got.bySupplier.enumerated() where n > 0 {
            bySupplier[names.suppliers[UInt32(id)]] = n
        }
        #expect(bySupplier == want.bySupplier)
    }

    /// The radix-then-insertion sort against the library's: hashed keys of one bucket, keys that share their top
    /// 16 bits (one long run), many lines of a few invoices with their tags in any order, keys of every bucket.
    @Test("records sort by key and tag as the library sorts them", arguments: 0..<4)
    func recordsSort(shape: Int) {
        var random = FixtureRandom(seed: 11 + UInt64(shape))
        for n in [0, 1, 2, 31, 33, 500, 5_000] {
            let records = (0..<n).map { _ -> InvoiceTally.Record in
                let key: UInt64
                switch shape {
                case 0: key = 0x5A << 56 | random.next() >> 8
                case 1: key = 0xABCD << 48 | random.next() >> 16
                case 2: key = UInt64(random.int(0...3)) << 40
                default: key = random.next()
                }
                return InvoiceTally.Record(key: key, tag: UInt64(random.int(0...9)))
            }
            var sorted = records
            InvoiceTally.sortRecords(&sorted)
            let expected = records.sorted()
            #expect(sorted.count == n && zip(sorted, expected).allSatisfy { $0 == $1 }, "shape \(shape), n \(n)")
        }
    }

    @Test("the part format's single-invoice triples give back the counts per supplier and per cell")
    func singleTriples() {
        let names = TallyNames()
        var t = InvoiceTally(names: names)
        for l in Self.lines(seed: 9, count: 5_000, suppliers: 700) where l.key == nil {
            t.add(
                key: nil,
                tag: names.tag(supplier: SupplierKey(text: l.supplier), subcategory: l.sub, board: l.board))
        }
        var bySupplier: [Int: Int] = [:], byCell: [Int: Int] = [:]
        for x in t.singleTriples() {
            bySupplier[x.supplier, default: 0] += x.count; byCell[x.cell, default: 0] += x.count
        }
        #expect(bySupplier == Dictionary(uniqueKeysWithValues: t.singlesBySupplier.map { ($0.supplier, $0.count) }))
        #expect(
            byCell
                == Dictionary(
                    uniqueKeysWithValues: t.singleCells.nonZero.map { ($0.0, $0.1) }))
        #expect(t.singleTriples().count < 700 + 20, "at most one triple per supplier and per cell")
    }

    @Test("a supplier's count of single invoices goes on past 4 bytes instead of wrapping")
    func denseCountsNeverWrap() {
        var c = DenseCounts()
        c.add(Int(UInt32.max) - 1, at: 3)
        c.add(5, at: 3)
        c.add(7, at: 0)
        c.add(Int(UInt32.max) + 10, at: 9)
        #expect(c.nonZero.map(\.0) == [0, 3, 9])
        #expect(c.nonZero.map(\.1) == [7, Int(UInt32.max) + 4, Int(UInt32.max) + 10])
    }
}
