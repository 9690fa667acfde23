/// Each distinct value of the columns a subject depends on, worked out once per kernel: the supplier id parsed, the
/// name folded and masked, the account split from its text — each with its rule mask (`Classifier+Masks`). A new
/// combination of known values then costs a few lookups and an AND, never the reference normaliser.
///
/// Values are worked out exactly as `RowNormaliser` does, from the same `RawRecord` functions, so the two paths
/// agree by construction; the differential tests hold them to it.
/// - Complexity: O(value length) per lookup; memory O(distinct values), forgotten at `limit` per column.
final class ColumnCache {
    let classifier: Classifier?
    let words: Int
    private let idColumn: [Int], nameColumn: [Int], accountColumns: [Int]
    private let col: (id: Int, name: Int, account: Int, accountText: Int)
    /// How values are read (account split, ids that are no identity): the profile `RowNormaliser` reads them with.
    private let profile: Profile

    private let ids = SubjectTable(), names = SubjectTable(), accounts = SubjectTable()
    private(set) var idValues: [SupplierID?] = [], nameValues: [String] = []
    private(set) var accountValues: [(account: String, text: String)] = []
    /// Masks, `words` per value: orgs by id, names by name, accounts and account texts by account.
    private(set) var orgMasks: [UInt64] = [], nameMasks: [UInt64] = [], accountMasks: [UInt64] = [], accountTextMasks: [UInt64] = []
    /// Distinct values kept per column before the column's cache starts afresh.
    static let limit = 1 << 17

    init(classifier: Classifier?, columns: ColumnMap, profile: Profile) {
        self.classifier = classifier
        words = classifier?.maskWords ?? 1
        col = (columns[.supplierID] ?? -1, columns[.supplierName] ?? -1, columns[.account] ?? -1, columns[.accountText] ?? -1)
        idColumn = col.id >= 0 ? [col.id] : []
        nameColumn = col.name >= 0 ? [col.name] : []
        accountColumns = [col.account, col.accountText].filter { $0 >= 0 }
        self.profile = profile
    }

    /// The record's supplier id entry; `raw` is the record's fields (for a new value).
    func id(_ r: CSVRecord, _ raw: RawRecord) -> Int {
        let found = ids.find(r, columns: idColumn)
        if found >= 0 { return found }
        if ids.count >= ColumnCache.limit { ids.removeAll(); idValues.removeAll(); orgMasks.removeAll(); _ = ids.find(r, columns: idColumn) }
        let i = ids.insertLast()
        let id = profile.supplierID(col.id >= 0 ? raw.trimmedString(col.id) : "")
        idValues.append(id)
        if let classifier { classifier.appendOrgMask(id, to: &orgMasks) }
        return i
    }

    /// The record's supplier name entry: blanks folded, a personnummer inside masked.
    func name(_ r: CSVRecord, _ raw: RawRecord) -> Int {
        let found = names.find(r, columns: nameColumn)
        if found >= 0 { return found }
        if names.count >= ColumnCache.limit { names.removeAll(); nameValues.removeAll(); nameMasks.removeAll(); _ = names.find(r, columns: nameColumn) }
        let i = names.insertLast()
        let name = PersonalData.masked(col.name >= 0 ? raw.trimmedString(col.name, collapse: true) : "")
        nameValues.append(name)
        if let classifier { classifier.appendNameMask(name, to: &nameMasks) }
        return i
    }

    /// The record's account entry: the account, and its text from the account text column or split off the account.
    func account(_ r: CSVRecord, _ raw: RawRecord) -> Int {
        let found = accounts.find(r, columns: accountColumns)
        if found >= 0 { return found }
        if accounts.count >= ColumnCache.limit {
            accounts.removeAll(); accountValues.removeAll(); accountMasks.removeAll(); accountTextMasks.removeAll()
            _ = accounts.find(r, columns: accountColumns)
        }
        let i = accounts.insertLast()
        let (account, text) = profile.account(col.account >= 0 ? raw.trimmedString(col.account) : "",
                                              text: col.accountText >= 0 ? raw.trimmedString(col.accountText) : "")
        accountValues.append((account, text))
        if let classifier {
            classifier.appendAccountMask(account, to: &accountMasks)
            classifier.appendTextMask(text, to: &accountTextMasks)
        }
        return i
    }
}
