/// The duplicate keys a sharded run writes out (parts, `--emit-keys`), keyed with the run's secret: a key is a
/// 64-bit hash of a line's supplier, invoice number, voucher, account and cost centre, any of which may hold a
/// personnummer, and a plain hash of it is reversed by trying the thousand numbers of a birth date against the
/// line's other values. A keyed permutation keeps keys equal where the lines are (the shards still match them) and
/// lets `spend partial` turn the earlier shards' keys back into the hashes its check compares.
///
/// Four Feistel rounds over the key's 32-bit halves, each round SipHash-2-4 of the round and the half under a
/// 128-bit key derived from the secret by SHA-256: a pseudo-random permutation (Luby–Rackoff) for whoever lacks the
/// secret, even with lines and their keys side by side.
struct KeyCipher: Sendable {
    private let k0: UInt64, k1: UInt64

    init(secret: [UInt8]) {
        let d = SHA256.digest(Array("spend-duplicate-keys/1".utf8) + [0] + secret)
        k0 = d[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        k1 = d[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The run's cipher: keyed with `SPEND_PERSON_KEY`, nil without one.
    static let run: KeyCipher? = PersonKey.secret.map { KeyCipher(secret: $0) }

    func encrypt(_ key: UInt64) -> UInt64 {
        var l = UInt32(truncatingIfNeeded: key >> 32), r = UInt32(truncatingIfNeeded: key)
        for round in 0..<4 { (l, r) = (r, l ^ f(round, r)) }
        return UInt64(l) << 32 | UInt64(r)
    }

    func decrypt(_ key: UInt64) -> UInt64 {
        var l = UInt32(truncatingIfNeeded: key >> 32), r = UInt32(truncatingIfNeeded: key)
        for round in (0..<4).reversed() { (l, r) = (r ^ f(round, l), l) }
        return UInt64(l) << 32 | UInt64(r)
    }

    @inline(__always) private func f(_ round: Int, _ half: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: KeyCipher.sipHash(UInt64(round) << 32 | UInt64(half), k0, k1))
    }

    /// SipHash-2-4 of one 64-bit word (eight bytes, little-endian) under the key `k0`, `k1`.
    static func sipHash(_ m: UInt64, _ k0: UInt64, _ k1: UInt64) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0, v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0, v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        @inline(__always) func round() {
            v0 &+= v1; v1 = v1.rotl(13); v1 ^= v0; v0 = v0.rotl(32)
            v2 &+= v3; v3 = v3.rotl(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotl(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotl(17); v1 ^= v2; v2 = v2.rotl(32)
        }
        for word in [m, UInt64(8) << 56] {  // the message, then its length in the last byte
            v3 ^= word
            round(); round()
            v0 ^= word
        }
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotl(_ n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}
