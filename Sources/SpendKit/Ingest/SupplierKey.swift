extension Dictionary where Key == String, Value: Comparable {
    /// The key with the largest value, ties to the alphabetically first key (deterministic output).
    var largestKey: String? { self.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key }
}

/// The identity of a supplier across lines: the normalised id, else the name key (SPEC §4).
///
/// A key is for memory only. Outputs show `display(of:)`: a sole trader's key holds a hash of the personnummer, which
/// is as good as the number itself and is never written.
public enum SupplierKey {
    static let namePrefix = "namn:"
    static let personPrefix = "pnr:"

    public static func of(_ id: SupplierID?, name: String) -> String {
        guard let id else { return namePrefix + SupplierID.nameKey(name) }
        // An id that came masked cannot tell two sole traders born on one day apart: the name does.
        if case .person(_, 0) = id { return id.key + ":" + SupplierID.nameKey(name) }
        return id.key
    }

    /// How a key is printed as an id: the org number, a masked personnummer, or "" for a supplier known by name only.
    public static func display(of key: String) -> String {
        if key.hasPrefix(namePrefix) { return "" }
        if key.hasPrefix(personPrefix) { return key.dropFirst(personPrefix.count).prefix(6) + "-****" }
        return key
    }

    /// The key as it may be written (a database column): a sole trader's without its hash.
    public static func printable(_ key: String) -> String { key.hasPrefix(personPrefix) ? display(of: key) : key }

    /// Whether the supplier is known by its name only.
    public static func isNameOnly(_ key: String) -> Bool { key.hasPrefix(namePrefix) }

    /// The name a supplier known by name only is keyed under, else its id as printed.
    public static func name(of key: String) -> String {
        isNameOnly(key) ? String(key.dropFirst(namePrefix.count)) : display(of: key)
    }
}
