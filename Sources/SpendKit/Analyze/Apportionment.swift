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
    public typealias Weight = (name: String, weight: Int64, published: Int64?)
    public var amount: Int64
    public var parts: [Part]
    /// The sum of the weights, checked by `split` to fit.
    public private(set) var totalWeight: Int64

    /// Splits `amount` (negative too: the remainders are those of its magnitude and the sign is applied to every
    /// part, so the parts always sum to it). Every weight must be more than 0 and their sum fit in Int64; the
    /// amount is at most ±`Amount.limitKronor`. Shares are exact through 128-bit products, and the remainder loop
    /// hands out fewer units than there are parts, so it always ends.
    /// - Complexity: O(n log n).
    public static func split(_ amount: Int64, weights: [Weight]) throws(ApportionError) -> Apportionment {
        guard amount.magnitude <= Amount.limitKronor.magnitude else { throw .amount(amount) }
        guard !weights.isEmpty else { throw .weights("no weights") }
        var total: Int64 = 0, publishedMagnitude: UInt64 = 0
        for (i, w) in weights.enumerated() {
            guard w.weight > 0 else { throw .weights("weight \(i + 1) (\(Fmt.clean(w.name))) is not more than 0") }
            let (t, o) = total.addingReportingOverflow(w.weight)
            guard !o else {
                throw .weights("the weights sum beyond \(Int64.max / 100) at weight \(i + 1) (\(Fmt.clean(w.name)))")
            }
            total = t
            if let p = w.published {
                let (s, o2) = publishedMagnitude.addingReportingOverflow(p.magnitude)
                guard !o2, s <= UInt64(Int64.max / 2) else {
                    throw .weights("the published amounts sum beyond \(Int64.max / 2)")
                }
                publishedMagnitude = s
            }
        }
        let m = amount.magnitude, t = UInt64(total)
        var shares: [UInt64] = [], remainders: [UInt64] = []
        for w in weights {
            // m × w < t × 2^64 because w ≤ t, so the quotient fits and is at most m
            let (q, r) = t.dividingFullWidth(m.multipliedFullWidth(by: UInt64(w.weight)))
            shares.append(q); remainders.append(r)
        }
        let left = m - shares.reduce(0, +)  // less than weights.count: each floor drops less than one unit
        let order = weights.indices.sorted {
            (remainders[$0], weights[$0].weight) != (remainders[$1], weights[$1].weight)
                ? (remainders[$0], weights[$0].weight) > (remainders[$1], weights[$1].weight)
                : weights[$0].name < weights[$1].name
        }
        for k in 0..<Int(left) { shares[order[k]] += 1 }
        let negative = amount < 0
        let parts = weights.indices.map { i in
            Part(
                name: weights[i].name, weight: weights[i].weight, part: negative ? -Int64(shares[i]) : Int64(shares[i]),
                published: weights[i].published)
        }
        return Apportionment(amount: amount, parts: parts, totalWeight: total)
    }

    /// Reads `namn;vikt[;publicerat]` (decimal comma allowed); a weight that is not more than 0, or that takes
    /// the sum of the weights beyond Int64, is an error naming its line.
    public static func loadWeights(_ path: String) throws -> [Weight] {
        let t = try CSVTable.read(path)
        let idx = try t.requireHeader(["namn", "vikt", "publicerat"], optional: ["publicerat"])
        var out: [Weight] = []
        var total: Int64 = 0
        var seen: [String: Int] = [:]
        for (line, f) in t.rows {
            func cell(_ c: String) -> String { guard let i = idx[c], i < f.count else { return "" }; return f[i] }
            func err(_ m: String) -> AnalyzeError { AnalyzeError(path: path, line: line, message: m) }
            // a cell beyond the header's would be a published figure the table never reads
            guard f.count <= t.header.count || f[t.header.count...].allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty })
            else {
                throw err(
                    "\(f.count) fields, the header has \(t.header.count)"
                        + (idx["publicerat"] == nil ? " (a published figure needs a publicerat column in the header)" : ""))
            }
            let name = cell("namn").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw err("namn is empty") }
            if let first = seen[name.lowercased()] {
                throw err("namn '\(Fmt.clean(name))' is already on line \(first): each takes one share")
            }
            seen[name.lowercased()] = line
            let w = cell("vikt").replacingOccurrences(of: "%", with: "")
            let weight: Int64
            switch Amount.parseOre(w) {
            case .success(let v) where v > 0: weight = v
            case .success: throw err("vikt: '\(Fmt.clean(cell("vikt")))' must be more than 0")
            case .failure(.overflow):
                throw err("vikt: '\(Fmt.clean(cell("vikt")))' is beyond \(Amount.limitKronorText)")
            case .failure: throw err("vikt: '\(Fmt.clean(cell("vikt")))' is not a number with at most two decimals")
            }
            let (sum, o) = total.addingReportingOverflow(weight)
            guard !o else { throw err("vikt: the weights up to this line sum beyond \(Int64.max / 100)") }
            total = sum
            var published: Int64?
            if !cell("publicerat").isEmpty {
                guard case .success(let p) = Amount.parseOre(cell("publicerat")), p % 100 == 0 else {
                    throw err("publicerat: '\(Fmt.clean(cell("publicerat")))' is not a whole number")
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
        let names = parts.map { Fmt.clean($0.name) }
        let width = max(5, names.map(\.count).max() ?? 0)
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let sp = String(repeating: " ", count: max(0, n - s.count)); return right ? sp + s : s + sp
        }
        func num(_ v: Int64) -> String { Fmt.group(v).replacingOccurrences(of: "\u{A0}", with: " ") }
        var out = ""
        for (p, name) in zip(parts, names) {
            let share = Fmt.percent(Ratio(p.weight, totalWeight), decimals: 2).replacingOccurrences(
                of: "\u{A0}", with: " ")
            var line = pad(name, width) + "  " + pad(share, 9, right: true) + "  " + pad(num(p.part), 10, right: true)
            if let pub = p.published, pub != p.part {
                line += "   (publicerat \(num(pub)), skillnad \(p.part - pub > 0 ? "+" : "")\(p.part - pub))"
            }
            out += line + "\n"
        }
        out +=
            pad("Total", width) + "  " + pad("100,00 %", 9, right: true) + "  " + pad(num(amount), 10, right: true)
            + "\n"
        let published = parts.compactMap(\.published)
        if published.count == parts.count {
            let sum = published.reduce(0, +)  // split checked that the magnitudes sum to at most Int64.max / 2
            out +=
                sum == amount
                ? "De publicerade beloppen summerar till \(num(sum)).\n"
                : "De publicerade beloppen summerar till \(num(sum)), inte \(num(amount)): skillnad \(num(amount - sum)).\n"
        }
        return out
    }
}

/// Input `split` refuses: an amount beyond the limit (a command-line value, exit 64) or unusable weights (exit 65).
public enum ApportionError: ExitCoded, Equatable {
    case amount(Int64)
    case weights(String)

    public var description: String {
        switch self {
        case .amount(let a): return "--amount: \(a) is beyond ±\(Amount.limitKronorText)"
        case .weights(let m): return "weights: \(m)"
        }
    }
    public var exitCode: Int32 {
        if case .amount = self { return 64 }
        return 65
    }
}
