import Foundation
import Testing

@testable import SpendKit

/// `CSVScanner` owns its buffers (noncopyable, freed in `deinit`): scanners made, grown and dropped many times,
/// moved into a function and kept by a parser, read their records and free each buffer once.
@Suite struct ScannerOwnershipTests {
    /// A record of 200 fields (the span buffer doubles from 64) with a field of doubled quotes (scratch in use).
    static let wide = Array((["\"a\"\"b\""] + (1..<200).map { "f\($0)" }).joined(separator: ";").utf8) + [0x0A]

    /// The fields of each record `scanner` finds in `text`; takes the scanner and drops it at the end.
    static func fields(_ scanner: consuming CSVScanner, _ text: [UInt8]) -> [[String]] {
        var out: [[String]] = []
        _ = text.withUnsafeBufferPointer { b in
            scanner.scan(b, final: true, onProblem: { _, _ in }) { r in
                out.append((0..<r.count).map { String(decoding: r[$0], as: UTF8.self) })
            }
        }
        return out
    }

    @Test("made, grown and dropped a thousand times, each scanner reads the wide record")
    func manyScanners() {
        for round in 0..<1000 {
            var scanner = CSVScanner(delimiter: UInt8(ascii: ";"))
            var got: [[String]] = []
            _ = Self.wide.withUnsafeBufferPointer { b in
                scanner.scan(b, final: true, onProblem: { _, _ in }) { r in
                    got.append((0..<r.count).map { String(decoding: r[$0], as: UTF8.self) })
                }
            }
            #expect(
                got.count == 1 && got[0].count == 200 && got[0][0] == "a\"b" && got[0][199] == "f199", "round \(round)")
            #expect(scanner.line == 2)
        }
    }

    @Test("a scanner moved into a function scans there and is freed there; a parser's scanner lives as long as it does")
    func movedAndKept() {
        let moved = Self.fields(CSVScanner(delimiter: UInt8(ascii: ";")), Self.wide + Self.wide)
        #expect(moved.count == 2 && moved.allSatisfy { $0.count == 200 })
        for _ in 0..<100 {
            #expect(
                records(.fast, Self.wide + Array("x;\"y\"\"z\"\n".utf8), cuts: [5, 300])
                    == records(.libcsv, Self.wide + Array("x;\"y\"\"z\"\n".utf8)))
        }
    }
}
