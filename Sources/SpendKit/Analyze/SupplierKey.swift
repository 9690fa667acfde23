/// The identity of a supplier across lines: the normalised id, else the name key (SPEC §4).
public enum SupplierKey {
    public static func of(_ id: SupplierID?, name: String) -> String {
        if let id { return id.key }
        return "namn:" + SupplierID.nameKey(name)
    }
}
