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

    /// A block the parallel reader validates ends where its scanner stopped; the byte after it is the next
    /// record's, or stale bytes of the buffer: never read. It once was, when the ASCII steps ended exactly at the
    /// end, so a valid block followed by a byte of another character read as invalid.
    @Test func readsNothingPastTheEnd() {
        for prefix in [[], Array("å".utf8), Array("Öl;".utf8)] as [[UInt8]] {
            for ascii in 0...130 {
                let text = prefix + [UInt8](repeating: UInt8(ascii: "x"), count: ascii)
                let buffer = text + [0xFF, 0xC3]
                let valid = buffer.withUnsafeBufferPointer { Validation.utf8(UnsafeBufferPointer(rebasing: $0[..<text.count])) }
                #expect(valid, "\(prefix.count) + \(ascii) bytes")
            }
        }
    }
}
