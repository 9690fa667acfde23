import Foundation

extension Dictionary where Key == String, Value: Comparable {
    /// The key with the largest value, ties to the alphabetically first key (deterministic output).
    var largestKey: String? { self.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key }
}

/// The identity of a supplier across lines: the normalised id, else the name key (SPEC §4).
///
/// A key is for memory only. Outputs show `display`: a sole trader's key holds a hash of the personnummer, which is
/// as good as the number itself and is never written. Its `text` is what the run's pools intern.
public struct SupplierKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The key as one string: the id's key, `pnr:` and a sole trader's birth date and hash, or `namn:` and a name key.
    public let text: String

    static let namePrefix = "namn:"
    static let personPrefix = "pnr:"

    /// A key read back from where its `text` was kept (a pool, a part).
    init(text: String) { self.text = text }

    /// The key of a supplier known by name only, from its name key (`SupplierID.nameKey`).
    static func named(nameKey: String) -> SupplierKey { SupplierKey(text: namePrefix + nameKey) }

    public static func of(_ id: SupplierID?, name: String) -> SupplierKey {
        guard let id else { return named(nameKey: SupplierID.nameKey(name)) }
        // An id that came masked cannot tell two sole traders born on one day apart: the name does.
        if case .person(_, 0) = id { return SupplierKey(text: id.key + ":" + SupplierID.nameKey(name)) }
        return SupplierKey(text: id.key)
    }

    /// How the key is printed as an id: the org number, a masked personnummer, or "" for a supplier known by name only.
    public var display: String {
        if isNameOnly { return "" }
        if text.hasPrefix(SupplierKey.personPrefix) {
            return text.dropFirst(SupplierKey.personPrefix.count).prefix(6) + "-****"
        }
        return text
    }

    /// The key as it may be written (a database column): a sole trader's without its hash.
    public var printable: String { text.hasPrefix(SupplierKey.personPrefix) ? display : text }

    /// For a sole trader, what tells two born on one day apart where `printable` cannot: a token the run hands out per
    /// key (`PersonTokens`), made of nothing in the number; nil for any other supplier.
    var apart: String? {
        text.hasPrefix(SupplierKey.personPrefix) ? String(PersonTokens.shared.token(for: text)) : nil
    }

    /// Whether the supplier is known by its name only.
    public var isNameOnly: Bool { text.hasPrefix(SupplierKey.namePrefix) }

    /// The name a supplier known by name only is keyed under, else its id as printed.
    public var name: String { isNameOnly ? String(text.dropFirst(SupplierKey.namePrefix.count)) : display }

    /// Never the key itself (a sole trader's holds a hash of the personnummer): what `display` shows.
    public var description: String { display }

    public static func < (a: SupplierKey, b: SupplierKey) -> Bool { a.text < b.text }
}

/// Small numbers for sole traders' keys, handed out in the order they are asked for: a token to tell two people
/// apart in the database's line stream (which may go through a spill file) without any digit of their number.
final class PersonTokens: @unchecked Sendable {  // `tokens` under `lock`
    static let shared = PersonTokens()
    private var tokens: [String: Int] = [:]
    private let lock = NSLock()

    func token(for key: String) -> Int {
        lock.lock(); defer { lock.unlock() }
        if let t = tokens[key] { return t }
        tokens[key] = tokens.count + 1
        return tokens.count
    }
}
