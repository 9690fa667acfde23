extension Dictionary where Key == String, Value: Comparable {
    /// The key with the largest value, ties to the alphabetically first key (deterministic output).
    var largestKey: String? { self.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key }
}

/// The identity of a supplier across lines: the normalised id, else the name key (SPEC §4).
public enum SupplierKey {
    public static func of(_ id: SupplierID?, name: String) -> String {
        if let id { return id.key }
        return "namn:" + SupplierID.nameKey(name)
    }
}
