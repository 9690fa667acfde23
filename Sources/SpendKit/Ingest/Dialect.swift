/// The delimiter of a CSV export, sniffed from its first lines.
public struct Dialect: Sendable, Equatable {
    public var delimiter: UInt8

    public static let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, UInt8(ascii: "|")]

    /// Picks the candidate that splits the header into the most fields while keeping the same count on the
    /// following lines (quote-aware); ties go to the order `;` `,` TAB `|`.
    /// - Complexity: O(n) in the sample's length.
    public static func sniff(_ sample: UnsafeBufferPointer<UInt8>, maxLines: Int = 50) -> Dialect? {
        var counts = [[Int]](repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lines = 0
        var sawContent = false
        for b in sample {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 0x0A {
                if sawContent {
                    for k in 0..<candidates.count { counts[k].append(current[k]) }
                    lines += 1
                }
                current = [Int](repeating: 0, count: candidates.count)
                sawContent = false
                if lines >= maxLines { break }
                continue
            }
            sawContent = true
            if let k = candidates.firstIndex(of: b) { current[k] += 1 }
        }
        if sawContent && lines < maxLines { for k in 0..<candidates.count { counts[k].append(current[k]) } }
        var best: (k: Int, consistent: Int, header: Int)?
        for k in 0..<candidates.count {
            guard let header = counts[k].first, header > 0 else { continue }
            let consistent = counts[k].filter { $0 == header }.count
            if let b = best, (consistent, header) <= (b.consistent, b.header) { continue }
            best = (k, consistent, header)
        }
        return best.map { Dialect(delimiter: candidates[$0.k]) }
    }
}
