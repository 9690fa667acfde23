import Foundation
import Testing

@testable import SpendCore
@testable import SpendKit

/// `SubjectTable` against a dictionary: keys of one and two columns, of every length up to past 255 bytes (the long
/// length form), through growth from 1 024 slots, `removeAll` and growth again; looked up by the key's bytes, or
/// (`hinted`) by a key made ahead in a slot and prefetched, as the kernel's batches do.
@Suite struct SubjectTableTests {
    /// `mode`: bit 0 looks keys up staged (`hinted`), bit 1 empties the table keeping its room.
    @Test(arguments: [[0], [0, 1]], 0..<4)
    func agreesWithADictionary(columns: [Int], mode: Int) {
        let hinted = mode & 1 != 0, keepingCapacity = mode & 2 != 0
        var random = FixtureRandom(seed: 7 + UInt64(columns.count))
        let table = SubjectTable()
        var expected: [[String]: Int] = [:]
        let letters = Array("abcdefgh0123".utf8)
        func field() -> String {
            let n = random.unit() < 0.01 ? random.int(250...300) : random.int(0...random.int(0...1) * 28 + 12)
            return String(decoding: (0..<n).map { _ in letters[random.int(0...11)] }, as: UTF8.self)
        }
        var scanner = CSVScanner(delimiter: UInt8(ascii: ";"))
        for round in 0..<3 {
            var rows: [[String]] = []
            for _ in 0..<6_000 {
                // Draw again among earlier keys half the time, so lookups find as often as they miss.
                if let old = expected.keys.randomElement(using: &random), random.unit() < 0.5 {
                    rows.append(old)
                } else {
                    rows.append(columns.map { _ in field() } + ["x"])
                }
            }
            let text = Array(rows.map { $0.joined(separator: ";") + "\n" }.joined().utf8)
            _ = text.withUnsafeBufferPointer { b in
                scanner.scan(b, final: true, onProblem: { _, _ in }) { r in
                    let k = columns.map { String(decoding: r[$0], as: UTF8.self) } + ["x"]
                    let found: Int
                    if hinted {
                        let slot = random.int(0...3)
                        table.stage(r, columns: columns, slot: slot)
                        _ = table.prefetchEntry(staged: slot)
                        found = table.find(staged: slot, r, columns: columns)
                    } else {
                        found = table.find(r, columns: columns)
                    }
                    if let e = expected[k] {
                        #expect(found == e, "round \(round): \(k)")
                    } else {
                        #expect(found == -1, "round \(round): \(k)")
                        let i = table.insertLast()
                        #expect(i == expected.count)
                        expected[k] = i
                    }
                }
            }
            #expect(table.count == expected.count)
            if round == 0 || round == 1 {
                table.removeAll(keepingCapacity: keepingCapacity)  // the kept room filled again, and grown past
                expected.removeAll()
                #expect(table.count == 0)
            }
        }
    }
}

/// `TripleTable` against a dictionary: keys that differ in one word only (so probes run past equal words), through
/// growth from 1 024 slots, `removeAll`, and growth again past the room `removeAll` kept; every key is looked up
/// again after each round.
@Suite struct TripleTableTests {
    @Test func agreesWithADictionary() {
        var random = FixtureRandom(seed: 11)
        var table = TripleTable()
        var expected: [[UInt64]: Int32] = [:]
        var kept = 0
        for (round, draws) in [6_000, 6_000, 40_000].enumerated() {
            for _ in 0..<draws {
                let k = (UInt64(random.int(0...40)), UInt64(random.int(0...40)), UInt64(random.int(0...15)) << 40)
                let found = table.find(k)
                if let e = expected[[k.0, k.1, k.2]] {
                    #expect(found == e, "round \(round): \(k)")
                } else {
                    #expect(found == -1, "round \(round): \(k)")
                    let i = table.insert(k)
                    #expect(i == Int32(expected.count))
                    expected[[k.0, k.1, k.2]] = i
                }
            }
            #expect(table.count == expected.count)
            for (k, i) in expected { #expect(table.find((k[0], k[1], k[2])) == i, "round \(round): \(k)") }
            if round == 1 {
                kept = table.slotCount
                table.removeAll()
                expected.removeAll()
                #expect(table.count == 0 && table.slotCount == kept)
            }
            if round == 2 { #expect(table.slotCount > kept, "grew again past the room kept") }
        }
    }
}
