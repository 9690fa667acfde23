/// Texts that are keys as well as what the outputs show (contract ids, published names), masked without two of them
/// reading as one.
extension PersonalData {
    /// Each text as the outputs show it, in the given order: masked, and one that masks to a text shown already gets
    /// the next free ordinal (`790619-****`, `790619-**** (2)`). A text without a personnummer is shown as written and
    /// keeps its spelling from any ordinal; `foldingCase` compares as the texts are matched, regardless of case.
    static func shownApart(_ texts: [String], foldingCase: Bool = false) -> [String] {
        func fold(_ s: String) -> String { foldingCase ? s.uppercased() : s }
        let masked = texts.map { PersonalData.masked($0) }
        var taken = Set(zip(texts, masked).filter { $0 == $1 }.map { fold($0.0) })
        return zip(texts, masked).map { text, m in
            guard m != text else { return text }
            var shown = m, n = 1
            while !taken.insert(fold(shown)).inserted {
                n += 1
                shown = "\(m) (\(n))"
            }
            return shown
        }
    }
}
