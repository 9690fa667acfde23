import Testing

@testable import SpendKit

/// `SupplierRows` ranks names once and sorts by integers; these hold its three orders to a plain sort of the shown
/// names as `String`s, on books full of ties (amounts, invoice counts, equal names of different suppliers), names
/// beyond ASCII, and suppliers without a name (shown by their key).
@Suite("Supplier orders against String sorting")
struct SupplierRowsTests {
    @Test(
        "the orders by amount, by invoices and per subcategory are those of the shown names as Strings",
        arguments: [1, 2, 3, 4])
    func ordersMatchStrings(seed: UInt64) {
        var random = FixtureRandom(seed: seed)
        let names = TallyNames()
        let spellings = [
            "Atea", "atea", "ATEA", "Åkes El", "Ärlig AB", "Zeta", "", "Östen", "Ab", "é-bolag", "Aé", "Ae",
        ]
        let subs = ["Datorer", "Licenser", "Tele"].map { names.subcategories.id($0) }
        var book = SupplierBook(), overflow = false
        for i in 0..<400 {
            let named = SupplierKey.namePrefix + ["ÖSTEN", "ATEA", "ZETA", "ÅKE"][i % 4] + "\(i % 7)"
            let key = i % 3 == 0 ? "5560\(i % 50)" : named
            let supplier = names.suppliers.id(key)
            // The keys of a few suppliers are named by no line: their lists show the key's name.
            let unnamed = key.hasSuffix("3") || key.hasSuffix("5")
            let name = names.supplierNames.id(unnamed ? "" : spellings[random.int(0...spellings.count - 1)])
            book.record(
                supplier: supplier, name: name, sub: subs[random.int(0...2)], amount: Int64(random.int(1...4)) * 100,
                off: 0, lines: 1, &overflow)
        }
        let totals = SupplierTotals(book, names: names)
        let invoices = (0..<names.suppliers.count).map { _ in random.int(0...2) }
        let subOrder = ["Tele", "Datorer", "Licenser"]
        let rows = SupplierRows(
            totals, invoices: invoices, total: 1, subTotal: { _ in 1 }, subcategoryOrder: subOrder)

        let shown = totals.rows.map { SupplierRows.shownName(names, $0.supplier, $0.name) }
        #expect(
            Set(shown).count > 10 && totals.rows.contains { names.supplierNames[$0.name].isEmpty },
            "the book has the ties and unnamed suppliers it is meant to")
        let order = (0..<Int32(totals.rows.count)).sorted { a, b in
            let x = totals.rows[Int(a)].amount, y = totals.rows[Int(b)].amount
            return x != y ? x > y : shown[Int(a)] < shown[Int(b)]
        }
        #expect(rows.order == order)
        let byInvoices = (0..<Int32(order.count)).sorted { a, b in
            let ia = SupplierRows.invoices(invoices, totals.rows[Int(order[Int(a)])].supplier)
            let ib = SupplierRows.invoices(invoices, totals.rows[Int(order[Int(b)])].supplier)
            if ia != ib { return ia > ib }
            let na = shown[Int(order[Int(a)])], nb = shown[Int(order[Int(b)])]
            return na != nb ? na < nb : a < b
        }
        #expect(rows.byInvoices == byInvoices)
        var subList: [(place: Int32, entry: Int32)] = []
        for sub in subOrder {
            subList += order.indices.flatMap { place in
                totals.subRange(of: Int(order[place])).filter { totals.subcategories[Int(totals.subs[$0].sub)] == sub }
                    .map { (place: Int32(place), entry: Int32($0)) }
            }.sorted { a, b in
                let x = totals.subs[Int(a.entry)].amount, y = totals.subs[Int(b.entry)].amount
                if x != y { return x > y }
                let na = shown[Int(order[Int(a.place)])], nb = shown[Int(order[Int(b.place)])]
                return na != nb ? na < nb : a.place < b.place
            }
        }
        #expect(rows.subList.map(\.place) == subList.map(\.place))
        #expect(rows.subList.map(\.entry) == subList.map(\.entry))
    }
}
