import Foundation

/// What a sole trader's supplier key holds of the personnummer: a 64-bit hash of its ten digits. Plain (FNV-1a) it
/// can be reversed by trying the thousand numbers of one birth date, so it may stay in memory but not go out; keyed
/// with a secret (`SPEND_PERSON_KEY`, SHA-256 of secret and digits) it may, and `spend partial`, whose parts name
/// suppliers by key, needs that secret — the same for every shard — once its files name a sole trader.
enum PersonKey {
    /// The secret from `SPEND_PERSON_KEY` (nil when unset or empty).
    static let secret: [UInt8]? = ProcessInfo.processInfo.environment["SPEND_PERSON_KEY"].flatMap {
        $0.isEmpty ? nil : Array($0.utf8)
    }

    /// What tells one secret from another without telling it: the first 12 hex digits of a SHA-256 of it.
    static let fingerprint: String? = secret.map {
        String(SHA256.hex(Array("spend-person-key/1".utf8) + [0] + $0).prefix(12))
    }

    /// The hash of a personnummer's ten ASCII digits, never 0 (0 is a masked id's).
    static func hash(_ digits: [UInt8]) -> UInt64 {
        var h: UInt64
        if let secret {
            let d = SHA256.digest(secret + [0] + digits)
            h = d.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        } else {
            var f = FNV64()
            f.add(digits)
            h = f.value
        }
        return h == 0 ? 1 : h
    }

    /// Whether the pool's supplier keys hold a plain hash (no secret, and a sole trader whose number was read, not
    /// one that came masked, whose hash is 0): what a part must not carry.
    static func plainHash(in keys: StringPool) -> Bool {
        guard secret == nil else { return false }
        for i in 0..<keys.count {
            let k = keys[UInt32(i)]
            guard k.hasPrefix(SupplierKey.personPrefix) else { continue }
            let parts = k.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            if parts.count >= 3 && parts[2] != "0" { return true }
        }
        return false
    }
}
