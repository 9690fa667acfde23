/// Each distinct value of the columns a subject depends on, worked out once per kernel: the supplier id parsed, the
/// name folded and masked, the account split from its text, the contract reference — each with its rule mask
/// (`Classifier+Masks`) and the dense ids of what it stands for (the supplier's identity, the name, the account).
/// A new combination of known values then costs a few lookups and an AND, never a `String` or the reference
/// normaliser.
///
/// Values are worked out exactly as `RowNormaliser` does, from the same `RawRecord` functions, so the two paths
/// agree by construction; the differential tests hold them to it. Entries stay valid until `reset`, which the
/// kernel calls only when it flushes.
/// - Complexity: O(value length) per lookup; memory O(distinct values).
final class ColumnCache {
    let classifier: Classifier?
    let words: Int
    private let idColumn: [Int], nameColumn: [Int], accountColumns: [Int], refColumn: [Int], exportColumns: [Int]
    private let col: (id: Int, name: Int, account: Int, accountText: Int, ref: Int, category: Int, subcategory: Int)
    /// How values are read (account split, ids that are no identity): the profile `RowNormaliser` reads them with.
    private let profile: Profile

    private let ids = SubjectTable(), names = SubjectTable(), accounts = SubjectTable(), refs = SubjectTable(),
        exports = SubjectTable()
    /// Per id value: the parsed id.
    private(set) var idValues: [SupplierID?] = []
    /// Per parsed id's hash, the first id entry parsed to it (checked identical on use): the others share its words.
    private var entryOfID: [Int: Int32] = [:]
    /// The rule masks of supplier ids (nil without a rule table).
    private let orgMasks: OrgMasks?
    /// Per id value, `1 + words` words: the identity it keys (-1: none, the name keys the supplier) with whether it
    /// is a masked personnummer (`maskedPerson`), then its rule mask. Per name value, likewise: the name's id (in
    /// the run's name pool) with the identity of a supplier known by this name only (-2: not yet worked out), then
    /// its mask. What a new combination reads of a value thus sits in one place, not in one per array (with one
    /// mask word, 16 bytes in one cache line). Without a rule table the mask is a placeholder word, never read.
    private(set) var idWords: [UInt64] = [], nameWords: [UInt64] = []
    private static let maskedPerson: UInt64 = 1 << 32
    /// Words per value in `idWords` and `nameWords`.
    private let valueStride: Int
    /// Per account value: the account's id and its text.
    private(set) var accountOf: [Int32] = []
    private(set) var refOf: [Int32] = [], exportOf: [Int32] = []
    /// Masks, `words` per value: accounts and account texts by account.
    private(set) var accountMasks: [UInt64] = [], accountTextMasks: [UInt64] = []
    /// The rules without a text condition, `words` of them: such a rule holds once its columns' masks do.
    let textless: [UInt64]

    /// What the ids stand for: identities (supplier keys), names, accounts, references, export classifications.
    private var identityOfPool: [UInt32: Int32] = [:], accountIndex: [String: Int32] = [:]
    private var refIndex: [String: Int32] = [:], exportIndex: [[String]: Int32] = [:]
    /// The id of the empty reference (-1: not interned since `reset`).
    private var emptyRef: Int32 = -1
    private(set) var identityPrefix: [FNV64] = [], identityDup: [FNV64] = []
    /// Per identity: its id in the run's supplier pool (which holds its key), and whether any contract names it.
    private(set) var identityPool: [UInt32] = [], identityContracts: [Bool] = []
    /// The name pool's id of the empty name.
    let emptyName: Int32
    /// The run's pools (ids that outlive `reset`) and the contracts, for the ids and flags above.
    private let pools: TallyNames, register: ContractRegister
    private(set) var accountStrings: [String] = [], accountDup: [[UInt8]] = []
    private(set) var refStrings: [String] = [], exportStrings: [(category: String, subcategory: String)] = []
    /// Distinct values kept before `reset` starts afresh.
    static let limit = 1 << 17
    /// This cache's `limit` (small in tests, to exercise the reset).
    var valueLimit = ColumnCache.limit

    init(classifier: Classifier?, columns: ColumnMap, profile: Profile, pools: TallyNames, register: ContractRegister) {
        self.classifier = classifier
        self.pools = pools
        self.register = register
        emptyName = Int32(pools.supplierNames.id(""))
        words = classifier?.maskWords ?? 1
        orgMasks = classifier?.orgMasks
        valueStride = words + 1
        var textless = [UInt64](repeating: 0, count: words)
        for (i, r) in (classifier?.table.rules ?? []).enumerated() where r.texts.isEmpty {
            textless[i / 64] |= 1 << UInt64(i % 64)
        }
        self.textless = textless
        col = (
            columns[.supplierID] ?? -1, columns[.supplierName] ?? -1, columns[.account] ?? -1,
            columns[.accountText] ?? -1,
            columns[.contractRef] ?? -1, columns[.category] ?? -1, columns[.subcategory] ?? -1
        )
        idColumn = col.id >= 0 ? [col.id] : []
        nameColumn = col.name >= 0 ? [col.name] : []
        accountColumns = [col.account, col.accountText].filter { $0 >= 0 }
        refColumn = col.ref >= 0 ? [col.ref] : []
        exportColumns = [col.category, col.subcategory].filter { $0 >= 0 }
        self.profile = profile
    }

    /// Whether the cache has grown past `limit` (the kernel then flushes, and resets it).
    var isFull: Bool {
        max(ids.count, names.count, accounts.count, refs.count, identityPool.count) >= valueLimit
    }

    /// Forgets every value; every entry and id handed out before is void.
    func reset() {
        for t in [ids, names, accounts, refs, exports] { t.removeAll() }
        idValues.removeAll(); entryOfID.removeAll(); idWords.removeAll(); nameWords.removeAll(); accountOf.removeAll()
        refOf.removeAll(); exportOf.removeAll(); emptyRef = -1
        accountMasks.removeAll(); accountTextMasks.removeAll()
        identityOfPool.removeAll(); accountIndex.removeAll(); refIndex.removeAll(); exportIndex.removeAll()
        identityPrefix.removeAll(); identityDup.removeAll(); identityPool.removeAll(); identityContracts.removeAll()
        accountStrings.removeAll(); accountDup.removeAll(); refStrings.removeAll(); exportStrings.removeAll()
    }

    /// Makes the keys of the record's supplier id and name ahead (in `slot`), their slots asked for.
    @inline(__always) func stage(_ r: CSVRecord, slot: Int) {
        ids.stage(r, columns: idColumn, slot: slot)
        names.stage(r, columns: nameColumn, slot: slot)
    }

    /// Asks for the entries the slots of an id's and a name's staged keys point at (their slots asked for before).
    @inline(__always) func prefetchEntries(staged slot: Int) {
        _ = ids.prefetchEntry(staged: slot)
        _ = names.prefetchEntry(staged: slot)
    }

    /// The record's supplier id entry (`staged`: the batch slot its key was made in ahead, -1: none).
    @inline(__always) func id(_ r: CSVRecord, staged: Int = -1) -> Int {
        let found = staged >= 0 ? ids.find(staged: staged, r, columns: idColumn) : ids.find(r, columns: idColumn)
        if found >= 0 { return found }
        let i = ids.insertLast()
        let id = profile.supplierID(col.id >= 0 ? RawRecord.trimmedString(r[col.id]) : "")
        idValues.append(id)
        let h = id.hashValue
        if let same = entryOfID[h].map(Int.init), ColumnCache.identical(idValues[same], id) {
            // Another spelling of an id seen before: its identity and mask.
            let w = same &* valueStride
            for k in w..<w + valueStride { idWords.append(idWords[k]) }
            return i
        }
        entryOfID[h] = Int32(i)
        let keyed = id.map { identity(SupplierKey.of($0, name: ""), dup: $0.key) } ?? -1
        var masked = false
        if case .person(_, 0)? = id { masked = true }
        idWords.append(UInt64(UInt32(bitPattern: keyed)) | (masked ? ColumnCache.maskedPerson : 0))
        if let orgMasks { orgMasks.append(id, to: &idWords) } else { idWords.append(~0) }
        return i
    }

    /// Whether two parsed ids are the same bytes: `==` on their strings is canonical equivalence, but the run's
    /// pools, and so the reference way's suppliers, tell byte-different spellings apart.
    private static func identical(_ a: SupplierID?, _ b: SupplierID?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.org(let x)?, .org(let y)?), (.other(let x)?, .other(let y)?): return x.utf8.elementsEqual(y.utf8)
        case (.person(let x, let g)?, .person(let y, let h)?): return g == h && x.utf8.elementsEqual(y.utf8)
        default: return false
        }
    }

    /// The identity id entry `i` keys (-1: none), and whether it is a masked personnummer (then the name tells
    /// suppliers apart).
    @inline(__always) func idIdentity(_ i: Int) -> (identity: Int32, maskedPerson: Bool) {
        let w = idWords[i &* valueStride]
        return (Int32(bitPattern: UInt32(truncatingIfNeeded: w)), w & ColumnCache.maskedPerson != 0)
    }

    /// Word `k` of id entry `i`'s rule mask.
    @inline(__always) func orgMask(_ i: Int, _ k: Int) -> UInt64 { idWords[i &* valueStride &+ 1 &+ k] }

    /// The name id of name entry `i`.
    @inline(__always) func nameOf(_ i: Int) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: nameWords[i &* valueStride]))
    }

    /// Word `k` of name entry `i`'s rule mask.
    @inline(__always) func nameMask(_ i: Int, _ k: Int) -> UInt64 { nameWords[i &* valueStride &+ 1 &+ k] }

    /// The record's supplier name entry: blanks folded, a personnummer inside masked (and the sole trader it names
    /// taken as the identity of a line without id).
    @inline(__always) func name(_ r: CSVRecord, staged: Int = -1) -> Int {
        let found =
            staged >= 0 ? names.find(staged: staged, r, columns: nameColumn) : names.find(r, columns: nameColumn)
        if found >= 0 { return found }
        let i = names.insertLast()
        // A name that held a personnummer is that sole trader's (`InvoiceLine.namePerson`), not the masked name's.
        let (name, person) = PersonalData.supplierName(
            col.name >= 0 ? RawRecord.trimmedString(r[col.name], collapse: true) : "")
        let known = person.map { identity(SupplierKey.of($0, name: ""), dup: $0.key) } ?? (name.isEmpty ? -1 : -2)
        nameWords.append(ColumnCache.nameWord(Int32(pools.supplierNames.id(name)), identity: known))
        if let classifier { classifier.appendNameMask(name, to: &nameWords) } else { nameWords.append(~0) }
        return i
    }

    /// The record's account entry: the account, and its text from the account text column or split off the account.
    @inline(__always) func account(_ r: CSVRecord) -> Int {
        let found = accounts.find(r, columns: accountColumns)
        if found >= 0 { return found }
        let i = accounts.insertLast()
        let (account, text) = profile.account(
            col.account >= 0 ? RawRecord.trimmedString(r[col.account]) : "",
            text: col.accountText >= 0 ? RawRecord.trimmedString(r[col.accountText]) : "")
        let a = intern(account, &accountIndex, &accountStrings)
        if a == accountDup.count { accountDup.append(Array(account.utf8) + [0x1F]) }
        accountOf.append(a)
        if let classifier {
            classifier.appendAccountMask(account, to: &accountMasks)
            classifier.appendTextMask(text, to: &accountTextMasks)
        }
        return i
    }

    /// The record's contract reference, by id.
    @inline(__always) func ref(_ r: CSVRecord) -> Int32 {
        if r[col.ref].isEmpty {  // most lines name no contract: no lookup
            if emptyRef < 0 { emptyRef = intern("", &refIndex, &refStrings) }
            return emptyRef
        }
        let found = refs.find(r, columns: refColumn)
        if found >= 0 { return refOf[found] }
        _ = refs.insertLast()
        let v = intern(RawRecord.trimmedString(r[col.ref]), &refIndex, &refStrings)
        refOf.append(v)
        return v
    }

    /// The record's own category and subcategory (custom profiles), by id.
    @inline(__always) func export(_ r: CSVRecord) -> Int32 {
        let found = exports.find(r, columns: exportColumns)
        if found >= 0 { return exportOf[found] }
        _ = exports.insertLast()
        let pair = [
            col.category >= 0 ? PersonalData.masked(RawRecord.trimmedString(r[col.category])) : "",
            col.subcategory >= 0 ? PersonalData.masked(RawRecord.trimmedString(r[col.subcategory])) : "",
        ]
        let v: Int32
        if let e = exportIndex[pair] {
            v = e
        } else {
            v = Int32(exportStrings.count)
            exportIndex[pair] = v
            exportStrings.append((pair[0], pair[1]))
        }
        exportOf.append(v)
        return v
    }

    /// The identity of a supplier known by the name of entry `i` only (worked out when first needed: most names
    /// belong to suppliers with an id); -1 for an empty name.
    @inline(__always) func nameIdentity(_ i: Int) -> Int32 {
        let w = nameWords[i &* valueStride]
        let known = Int32(bitPattern: UInt32(truncatingIfNeeded: w >> 32))
        if known != -2 { return known }
        let nameID = nameOf(i)
        let k = SupplierID.nameKey(nameString(nameID))
        let v = identity(SupplierKey.named(nameKey: k), dup: k)  // `SupplierKey.of(nil, name:)`, the name key made once
        nameWords[i &* valueStride] = ColumnCache.nameWord(nameID, identity: v)
        return v
    }

    /// A name entry's first word: its name id, and the identity of a supplier known by this name only.
    private static func nameWord(_ name: Int32, identity: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: name)) | UInt64(UInt32(bitPattern: identity)) << 32
    }

    /// The supplier key of identity `i`, from the pool: made only for contracts and the SQLite output.
    func identityKey(_ i: Int) -> SupplierKey { SupplierKey(text: pools.suppliers[identityPool[i]]) }

    /// The name of a name id.
    func nameString(_ id: Int32) -> String { pools.supplierNames[UInt32(id)] }

    /// The identity of a sole trader whose id came masked: the name tells such suppliers apart.
    func identity(maskedPerson id: SupplierID, name: String) -> Int32 {
        identity(SupplierKey.of(id, name: name), dup: id.key)
    }

    private func identity(_ key: SupplierKey, dup: String) -> Int32 {
        let pooled = pools.suppliers.id(key.text)
        if let i = identityOfPool[pooled] { return i }
        let i = Int32(identityPool.count)
        identityOfPool[pooled] = i
        identityPool.append(pooled)
        identityContracts.append(register.hasContracts(supplier: key))
        var p = FNV64(); p.add(key.text.utf8)
        identityPrefix.append(p)
        var d = FNV64(); d.field(dup.utf8)
        identityDup.append(d)
        return i
    }

    private func intern(_ s: String, _ index: inout [String: Int32], _ strings: inout [String]) -> Int32 {
        if let i = index[s] { return i }
        let i = Int32(strings.count)
        index[s] = i
        strings.append(s)
        return i
    }
}
