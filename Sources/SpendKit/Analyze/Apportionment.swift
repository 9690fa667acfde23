/// Splits a whole amount by weights (population, FTE, percentages) into whole units that sum exactly to it:
/// largest remainder, ties to the larger weight, then to the name (seeds 000, 001, 004).
public struct Apportionment: Sendable {
    public struct Part: Sendable, Equatable {
        public var name: String
        /// The weight, scaled by 100 (two decimals, exact).
        public var weight: Int64
        public var part: Int64
        public var published: Int64?
    }
    public var amount: Int64
    public var parts: [Part]
    public var totalWeight: Int64 { parts.reduce(0) { $0 + $1.weight } }

    /// - Complexity: O(n log n), exact integer arithmetic.
    public static func split(_ amount: Int64, weights: [(name: String, weight: Int64, published: Int64?)]) -> Apportionment {
        let total = weights.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return Apportionment(amount: amount, parts: weights.map { Part(name: $0.name, weight: $0.weight, part: 0, published: $0.published) }) }
        var parts = weights.map { w in Part(name: w.name, weight: w.weight, part: amount * w.weight / total, published: w.published) }
        let remainders = weights.map { (amount * $0.weight) % total }
        var left = amount - parts.reduce(0) { $0 + $1.part }
        let order = parts.indices.sorted {
            (remainders[$0], parts[$0].weight) != (remainders[$1], parts[$1].weight)
                ? (remainders[$0], parts[$0].weight) > (remainders[$1], parts[$1].weight) : parts[$0].name < parts[$1].name
        }
        var k = 0
        while left > 0 { parts[order[k % order.count]].part += 1; left -= 1; k += 1 }
        return Apportionment(amount: amount, parts: parts)
    }

    /// Reads `namn;vikt[;publicerat]` (decimal comma allowed).
    public static func loadWeights(_ path: String) throws -> [(name: String, weight: Int64, published: Int64?)] {
        let t = try CSVTable.read(path)
        let idx = try t.requireHeader(["namn", "vikt", "publicerat"], optional: ["publicerat"])
        var out: [(String, Int64, Int64?)] = []
        for (line, f) in t.rows {
            func cell(_ c: String) -> String { guard let i = idx[c], i < f.count else { return "" }; return f[i] }
            let w = cell("vikt").replacingOccurrences(of: "%", with: "")
            guard case .success(let weight) = Amount.parseOre(w), weight >= 0 else {
                throw AnalyzeError(path: path, line: line, message: "vikt: '\(cell("vikt"))' is not a non-negative number with at most two decimals")
            }
            var published: Int64?
            if !cell("publicerat").isEmpty {
                guard case .success(let p) = Amount.parseOre(cell("publicerat")), p % 100 == 0 else {
                    throw AnalyzeError(path: path, line: line, message: "publicerat: '\(cell("publicerat"))' is not a whole number")
                }
                published = p / 100
            }
            out.append((cell("namn"), weight, published))
        }
        guard !out.isEmpty else { throw AnalyzeError(path: path, line: 1, message: "no weights") }
        return out
    }

    /// The table `spend apportion` prints, with the published figures compared where given.
    public func render() -> String {
        let width = max(5, parts.map(\.name.count).max() ?? 0)
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let sp = String(repeating: " ", count: max(0, n - s.count)); return right ? sp + s : s + sp
        }
        func num(_ v: Int64) -> String { Fmt.group(v).replacingOccurrences(of: "\u{A0}", with: " ") }
        var out = ""
        for p in parts {
            let share = Fmt.percent(Ratio(p.weight, totalWeight), decimals: 2).replacingOccurrences(of: "\u{A0}", with: " ")
            var line = pad(p.name, width) + "  " + pad(share, 9, right: true) + "  " + pad(num(p.part), 10, right: true)
            if let pub = p.published, pub != p.part { line += "   (publicerat \(num(pub)), skillnad \(p.part - pub > 0 ? "+" : "")\(p.part - pub))" }
            out += line + "\n"
        }
        out += pad("Total", width) + "  " + pad("100,00 %", 9, right: true) + "  " + pad(num(amount), 10, right: true) + "\n"
        let published = parts.compactMap(\.published)
        if published.count == parts.count {
            let sum = published.reduce(0, +)
            out += sum == amount ? "De publicerade beloppen summerar till \(num(sum)).\n"
                : "De publicerade beloppen summerar till \(num(sum)), inte \(num(amount)): skillnad \(num(amount - sum)).\n"
        }
        return out
    }
}
