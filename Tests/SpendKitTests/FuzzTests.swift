import Foundation
import Testing

@testable import SpendKit

/// Real dumps to mutate: the analysis fixture (UTF-8, LF) and the head of the Örebro ledger (Windows-1252, CRLF;
/// the shared data, so the test that uses them carries `Shared.required`).
private let sources: [[UInt8]] = {
    var out = [[UInt8](FileManager.default.contents(atPath: repoRoot + "/Fixtures/analysis/dump1.csv") ?? Data())]
    let orebro = FileManager.default.contents(atPath: Shared.orebro) ?? Data()
    let lines = orebro.prefix(8000).split(separator: 0x0A, omittingEmptySubsequences: false).prefix(40)
    out.append(Array(lines.joined(separator: [0x0A])) + [0x0A])
    return out
}()

/// One seeded mutation of a dump: a byte changed, put in or taken out; a quote, a delimiter or a line break put in;
/// a line break taken out; a line repeated; the end cut off.
private func mutate(_ d: inout [UInt8], _ rng: inout SeededRandom) {
    let odd: [UInt8] = [0x22, 0x3B, 0x0A, 0x0D, 0x2C, 0x20, 0x09, 0x00, 0xC3, 0xA4, 0xFF, 0x61, 0x30]
    let at = rng.int(0...d.count)
    switch rng.int(0...8) {
    case 0 where at < d.count: d[at] = odd[rng.int(0...odd.count - 1)]
    case 1: d.insert(odd[rng.int(0...odd.count - 1)], at: at)
    case 2 where at < d.count: d.remove(at: at)
    case 3: d.insert(0x22, at: at)
    case 4: d.insert(0x3B, at: at)
    case 5: d.insert(contentsOf: rng.int(0...1) == 0 ? [0x0A] : [0x0D, 0x0A], at: at)
    case 6:
        if let lf = d[at...].firstIndex(of: 0x0A) { d.remove(at: lf) }
    case 7:
        let start = d[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let end = d[at...].firstIndex(of: 0x0A).map { $0 + 1 } ?? d.count
        d.insert(contentsOf: d[start..<end], at: end)
    default:
        if rng.int(0...3) == 0 { d.removeLast(d.count - at) }
    }
}

@Suite("Fuzz: mutated real dumps")
struct FuzzTests {
    @Test(
        "seeded mutations of real dumps: both parsers agree, every way of reading keeps the same books, counts reconcile",
        Shared.required, .timeLimit(.minutes(3)))
    func mutatedDumps() throws {
        #expect(sources.count == 2 && sources.allSatisfy { $0.count > 500 })
        let profiles = [nil, try Profile.named(repoRoot + "/Fixtures/profiles/orebro-2016-03.toml")]
        var rng = SeededRandom(seed: 2020)
        let dir = tempDir()
        var rejected = 0, failed = 0
        for round in 0..<300 {
            var d = sources[round % sources.count]
            for _ in 0..<rng.int(1...4) { mutate(&d, &rng) }
            let profile = profiles[round % sources.count]
            let limit = [200, 400, 4096, ReadLimits.maxRecordBytes][rng.int(0...3)]
            let checks = RecordChecks(quotes: true, maxBytes: limit)
            // The parsers alone, on the text as decoded, the fast one in random pieces of the raw bytes when UTF-8.
            var text: [UInt8] = []
            var t = Transcoder()
            d.withUnsafeBufferPointer { t.feed($0, final: true, into: &text) }
            let reference = records(.libcsv, text, checks: checks)
            let cuts = (0..<rng.int(0...3)).map { _ in rng.int(0...text.count) }.sorted()
            #expect(records(.fast, text, cuts: cuts, checks: checks) == reference, "round \(round)")
            #expect(records(.libcsv, text, cuts: cuts, checks: checks) == reference, "round \(round)")
            if t.encoding == .utf8 && t.invalidBytes == 0 {
                #expect(
                    records(.fast, d, cuts: cuts.map { min($0, d.count) }, checks: checks) == reference,
                    "round \(round) raw")
            }
            // Whole ingestions.
            let path = writeFile(d, name: "r\(round).csv", in: dir)
            let b = ReadLimits.$maxRecordBytes.withValue(limit) { books([path], .reference(.libcsv), profile: profile) }
            for reading in [
                Reading.reference(.fast), .kernels(threads: 1, cuts: nil),
                .kernels(threads: 2, cuts: [rng.int(0...d.count)]),
            ] {
                #expect(
                    ReadLimits.$maxRecordBytes.withValue(limit) { books([path], reading, profile: profile) } == b,
                    "round \(round), \(reading)")
            }
            if b[0].hasPrefix("error") { failed += 1 } else if !b[0].contains("rejected: 0") { rejected += 1 }
        }
        // The mutations reach every outcome: whole files refused, rows rejected, files read clean.
        #expect(failed > 10 && rejected > 50 && failed + rejected < 290, "\(failed) failed, \(rejected) with rejects")
    }

    @Test("the transcoder gives the same text in any pieces; UTF-8 comes out as it went in, CRLF and CR as LF")
    func transcoderPieces() {
        var rng = SeededRandom(seed: 41)
        let alphabet: [[UInt8]] = [
            "abcdefgh", "ij", "\r", "\n", "\r\n", "å", "€", "\u{0}", ";", "\"", "12345678901234567",
        ].map { Array($0.utf8) }
        for round in 0..<2000 {
            var input: [UInt8] = []
            for _ in 0..<rng.int(0...40) { input += alphabet[rng.int(0...alphabet.count - 1)] }
            if round % 5 == 0 && !input.isEmpty { input[rng.int(0...input.count - 1)] = 0xE4 }  // Windows-1252 ä
            var whole = Transcoder(), wholeOut: [UInt8] = []
            input.withUnsafeBufferPointer { whole.feed($0, final: true, into: &wholeOut) }
            var pieces = Transcoder(), piecesOut: [UInt8] = []
            var from = 0
            for cut in (0..<rng.int(0...4)).map({ _ in rng.int(0...input.count) }).sorted() + [input.count] {
                input[from..<cut].withUnsafeBufferPointer {
                    pieces.feed($0, final: cut == input.count, into: &piecesOut)
                }
                from = cut
            }
            #expect(
                piecesOut == wholeOut && pieces.encoding == whole.encoding && pieces.nulBytes == whole.nulBytes,
                "\(input)")
            #expect(whole.nulBytes == input.filter { $0 == 0 }.count)
            if whole.encoding == .utf8 && whole.invalidBytes == 0 {
                let lf = String(decoding: input, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
                    .replacingOccurrences(of: "\r", with: "\n")
                #expect(wholeOut == Array(lf.utf8), "\(input)")
            }
        }
    }
}
