/// A list of report rows made on access from compact storage, so a year with a million suppliers does not hold a
/// million rows of strings while its reports are written. Reads like an array: `prefix`, `first`, `enumerated`.
/// - Complexity: O(1) per element plus the cost of making it (a few string lookups).
public struct RowList<Element>: RandomAccessCollection, Sendable {
    private let make: @Sendable (Int) -> Element
    public let startIndex = 0
    public let endIndex: Int

    /// `count` rows, row `i` made by `make(i)`.
    init(count: Int, _ make: @escaping @Sendable (Int) -> Element) {
        endIndex = count
        self.make = make
    }

    /// Rows given whole.
    init(_ rows: [Element]) where Element: Sendable {
        self.init(count: rows.count) { rows[$0] }
    }

    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < endIndex, "row \(i) of \(endIndex)")
        return make(i)
    }
}
