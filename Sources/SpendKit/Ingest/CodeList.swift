import Foundation

/// A cell that lists codes (org numbers, accounts) separated by `|`: the rule table's and a profile's `accounts`.
enum CodeList {
    /// The parts, each trimmed, with its offset in the cell (in Unicode scalars, for the rule table's messages).
    static func parts(_ cell: String) -> [(offset: Int, text: String)] {
        var out: [(Int, String)] = [], offset = 0
        for part in cell.unicodeScalars.split(separator: "|", omittingEmptySubsequences: false) {
            let lead = part.prefix { CharacterSet.whitespaces.contains($0) }.count
            var text = String.UnicodeScalarView()
            text.append(contentsOf: part)
            let t = String(text).trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { out.append((offset + lead, t)) }
            offset += part.count + 1
        }
        return out
    }
}
