import Testing

@testable import SpendKit

/// `Validation.utf8` against the standard library's decoder (valid exactly when decoding round-trips), on texts of
/// Swedish letters between ASCII runs of every length, four-byte characters, and broken, cut or overlong sequences.
@Suite struct UTF8ValidationTests {
    @Test(arguments: 0..<4)
    func agreesWithTheStandardLibrary(seed: UInt64) {
        var random = FixtureRandom(seed: 40 + seed)
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("ab;cd".utf8), Array("0123456789abcdef0123456789abcdefXY".utf8), Array("å".utf8),
            Array("Ö".utf8), Array("€".utf8), Array("😀".utf8), [0xC3], [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80],
            [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        ]
        for _ in 0..<4_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.int(0...12) {
                let k = random.unit() < 0.9 ? random.int(0...6) : random.int(0...pieces.count - 1)
                bytes += pieces[k]
            }
            let valid = Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
            #expect(bytes.withUnsafeBufferPointer { Validation.utf8($0) } == valid, "\(bytes)")
        }
    }
}
