import Testing

@testable import SpendKit

@Suite struct ApportionmentTests {
    /// Seed 000's 2025 budget: 8 706 tkr by the printed percentages. Floors give 8 702 (the published fees);
    /// the four largest remainders (.716 .658 .602 .534) each get one more.
    @Test func seed000Budget2025() throws {
        let w = try Apportionment.loadWeights(repoRoot + "/Fixtures/apportion/seed000-2025.csv")
        let a = try Apportionment.split(8706, weights: w)
        #expect(a.parts.map(\.part) == [470, 400, 670, 1019, 340, 749, 810, 4248])
        #expect(a.parts.compactMap(\.published).reduce(0, +) == 8702)
        #expect(a.render().contains("summerar till 8 702, inte 8 706"))
    }

    /// A weights table an analyst got wrong is an error naming the line, never a split of something else.
    @Test(arguments: [
        ("namn;vikt\nBergs Kommun;200\nÅre Kommun;100\nbergs kommun;170\n", 4, "already on line 2"),
        ("namn;vikt\n;285\nÅre Kommun;100\n", 2, "namn is empty"),
        ("namn;vikt\nÅre Kommun;9,3;809\n", 2, "3 fields, the header has 2"),
    ])
    func badWeights(_ text: String, _ line: Int, _ words: String) throws {
        let path = writeFile(text, name: "w.csv")
        let e = try #require(throws: AnalyzeError.self) { try Apportionment.loadWeights(path) }
        #expect(e.line == line && e.description.contains(words), "\(e)")
    }

    /// An empty cell after the last column (Excel writes them) is nothing.
    @Test func trailingEmptyCell() throws {
        let w = try Apportionment.loadWeights(writeFile("namn;vikt\nHuddinge;100;\nÅre;50; \n", name: "w.csv"))
        #expect(w.map(\.name) == ["Huddinge", "Åre"])
    }

    @Test func tiesGoToTheLargerWeightThenTheName() throws {
        // 10 by 1:1:1 → 3 each and one left: equal remainders and weights, so the name decides.
        #expect(
            try Apportionment.split(10, weights: [("B", 100, nil), ("A", 100, nil), ("C", 100, nil)]).parts.map(\.part)
                == [3, 4, 3])
        // 5 by 1:1:2 (remainders 1/4, 1/4, 2/4 of 4): the heavier takes it.
        #expect(
            try Apportionment.split(5, weights: [("A", 100, nil), ("B", 100, nil), ("C", 200, nil)]).parts.map(\.part)
                == [1, 1, 3])
    }

    @Test(arguments: 1...20)
    func partsAlwaysSumToTheAmount(_ seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let weights = (0..<Int.random(in: 1...12, using: &rng)).map {
            ("K\($0)", Int64.random(in: 1...5_000_000, using: &rng), Int64?.none)
        }
        let amount = Int64.random(in: 0...10_000_000, using: &rng)
        let a = try Apportionment.split(amount, weights: weights)
        #expect(a.parts.map(\.part).reduce(0, +) == amount)
        #expect(a.parts.allSatisfy { $0.part >= 0 })
    }
}
