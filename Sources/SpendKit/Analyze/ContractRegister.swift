/// One contract of the register (SPEC §3.4).
public struct Contract: Sendable {
    /// The id as every output shows it: masked where it holds a personnummer, and then kept apart from an id masked
    /// alike by an ordinal, in register order (`ContractRegister.shown`).
    public var id: String
    /// The id as written, which a line's contract reference names; never shown.
    public var reference: String
    public var name: String
    public var supplierKeys: Set<SupplierKey>
    public var supplierName: String
    public var category: String
    public var subcategory: String
    public var from: Day
    public var to: Day
    public var extensionTo: Day?
    /// Framework ceiling in öre.
    public var ceiling: Int64?
    public var kind: String
    public var kraljic: String

    /// The last day the contract can run: its extension's, or `to` when there is none, or when the register gives an
    /// extension that ends before the contract does (a slip the run warns of: `extensionsBeforeEnd`).
    public var lastDay: Day { max(to, extensionTo ?? to) }

    /// Whether the contract is valid at `day` for a line in `category`/`subcategory`.
    public func covers(_ day: Day, category: String, subcategory: String) -> Bool {
        day >= from && day <= to && matches(category: category, subcategory: subcategory)
    }

    /// Whether the contract is for lines of `category`/`subcategory`, whatever their day.
    public func matches(category: String, subcategory: String) -> Bool {
        category == self.category && (self.subcategory.isEmpty || self.subcategory == subcategory)
    }
}

/// The contract register, indexed by supplier.
public struct ContractRegister: Sendable {
    public var contracts: [Contract]
    private var bySupplier: [SupplierKey: [Int]] = [:]
    private var byID: [String: Int] = [:]

    public static let columns = [
        "avtal_id", "avtalsnamn", "leverantor_orgnr", "leverantor_namn", "kategori", "underkategori",
        "giltig_fran", "giltig_till", "forlangning_till", "avtalstak", "typ", "kraljic",
    ]

    /// Whether some contract names its supplier by name alone: it applies to the lines of that name whatever id
    /// they carry (`Atea Sverige AB` in the register, `556448-0282` and `Atea Sverige AB` on the line).
    public private(set) var byName = false

    public init(contracts: [Contract]) {
        self.contracts = contracts
        for (i, c) in contracts.enumerated() {
            for k in c.supplierKeys { bySupplier[k, default: []].append(i) }
            byID[c.reference.uppercased()] = i
            if c.supplierKeys.contains(where: \.isNameOnly) { byName = true }
        }
    }

    /// The key a line's supplier name finds a contract by, when the line is keyed by its id; nil when none can.
    private func nameKey(_ supplier: SupplierKey, _ name: String) -> SupplierKey? {
        guard byName, !supplier.isNameOnly, !name.isEmpty else { return nil }
        let k = SupplierKey.of(nil, name: name)
        return bySupplier[k] == nil ? nil : k
    }

    /// The contracts of a line's supplier, in register order: those naming its identity, and those naming its name
    /// alone.
    private func contracts(of supplier: SupplierKey, name: String) -> [Int] {
        let own = bySupplier[supplier] ?? []
        guard let k = nameKey(supplier, name) else { return own }
        return Array(Set(own + bySupplier[k]!)).sorted()
    }

    /// Whether a contract names the supplier, by its identity or by the line's name.
    public func names(_ i: Int, supplier: SupplierKey, name: String) -> Bool {
        contracts[i].supplierKeys.contains(supplier) || nameKey(supplier, name).map(contracts[i].supplierKeys.contains) == true
    }

    public static let empty = ContractRegister(contracts: [])

    /// The Kraljic kinds a contract may name, lower case, without diacritics.
    static let kraljicKinds: Set<String> = ["strategiskt", "flaskhals", "havstang", "standard"]

    /// Reads the register. `asWritten` reads one a part carries, masked already (`PartFile.maskedTable`): masked
    /// again, an id or a name could change (`220301****` holds a new ten-digit shape with the digits before it).
    public static func load(_ path: String, asWritten: Bool = false) throws -> ContractRegister {
        let mask: (String) -> String = { asWritten ? $0 : PersonalData.masked($0) }
        let t = try CSVTable.read(path)
        let idx = try t.requireHeader(
            columns, optional: ["kraljic", "typ", "forlangning_till", "avtalstak", "avtalsnamn"])
        var out: [Contract] = []
        var idLines: [String: Int] = [:]
        for (line, f) in t.rows {
            func cell(_ c: String) -> String { guard let i = idx[c], i < f.count else { return "" }; return f[i] }
            func err(_ m: String) -> AnalyzeError {
                AnalyzeError(path: path, line: line, message: PersonalData.masked(m))
            }
            var keys = Set<SupplierKey>()
            for part in cell("leverantor_orgnr").split(separator: "|") {
                if let id = SupplierID.parse(String(part), whole: true) {
                    keys.insert(SupplierKey(text: id.key))  // as written: a masked one matches no line
                } else if !part.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw err(
                        "leverantor_orgnr: '\(PersonalData.masked(String(part)))' is not an organisation number (several are separated by |)")
                }
            }
            if keys.isEmpty {
                guard !cell("leverantor_namn").isEmpty else {
                    throw err("contract has neither leverantor_orgnr nor leverantor_namn")
                }
                // A name holding a personnummer is that sole trader, as on the ledger's lines (`namePerson`).
                let name = PersonalData.supplierName(cell("leverantor_namn"))
                keys.insert(SupplierKey.of(name.person, name: name.name))
            }
            guard let from = DateFormat.parse(cell("giltig_fran")) else {
                throw err("giltig_fran: '\(cell("giltig_fran"))' is not a date")
            }
            guard let to = DateFormat.parse(cell("giltig_till")) else {
                throw err("giltig_till: '\(cell("giltig_till"))' is not a date")
            }
            guard from <= to else { throw err("giltig_till \(to) is before giltig_fran \(from)") }
            var ext: Day?
            if !cell("forlangning_till").isEmpty {
                guard let e = DateFormat.parse(cell("forlangning_till")) else {
                    throw err("forlangning_till: '\(cell("forlangning_till"))' is not a date")
                }
                ext = e
            }
            // SPEC §3.4's four kinds (or none), in either case, with or without the dots and the ring (havstang)
            let kraljic = cell("kraljic").trimmingCharacters(in: .whitespaces)
            guard kraljic.isEmpty
                || Self.kraljicKinds.contains(
                    kraljic.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
            else {
                throw err("kraljic: '\(kraljic)' is none of strategiskt, flaskhals, hävstång, standard (or empty)")
            }
            var ceiling: Int64?
            if !cell("avtalstak").isEmpty {
                switch Amount.parseOre(cell("avtalstak")) {
                case .success(let v) where v > 0: ceiling = v
                case .success, .failure(.overflow):
                    throw err(
                        "avtalstak: '\(Fmt.clean(cell("avtalstak")))' must be more than 0 kr and at most \(Amount.limitKronorText) kr"
                    )
                case .failure: throw err("avtalstak: '\(Fmt.clean(cell("avtalstak")))' is not an amount")
                }
            }
            guard !cell("avtal_id").isEmpty else { throw err("avtal_id is empty") }
            if let first = idLines.updateValue(line, forKey: cell("avtal_id").uppercased()) {
                throw err(
                    "avtal_id '\(cell("avtal_id"))' is already on line \(first): every contract needs an id of its own")
            }
            guard !cell("kategori").isEmpty else { throw err("kategori is empty") }
            out.append(
                Contract(
                    id: cell("avtal_id"), reference: cell("avtal_id"), name: mask(cell("avtalsnamn")),
                    supplierKeys: keys, supplierName: mask(cell("leverantor_namn")),
                    category: mask(cell("kategori")), subcategory: mask(cell("underkategori")),
                    from: from, to: to,
                    extensionTo: ext, ceiling: ceiling, kind: mask(cell("typ")), kraljic: mask(cell("kraljic"))))
        }
        if !asWritten { for (i, id) in shown(out.map(\.reference)).enumerated() { out[i].id = id } }
        return ContractRegister(contracts: out)
    }

    /// The ids as the outputs show them, in register order (`PersonalData.shownApart`, by case as ids are matched):
    /// two contracts never read as one.
    static func shown(_ ids: [String]) -> [String] { PersonalData.shownApart(ids, foldingCase: true) }

    /// The first contract (in register order) that covers a supplier's line, if any.
    public func covering(supplier: SupplierKey, name: String, day: Day, category: String, subcategory: String) -> Int? {
        contracts(of: supplier, name: name).first {
            contracts[$0].covers(day, category: category, subcategory: subcategory)
        }
    }

    public func contract(id: String) -> Int? { byID[id.uppercased()] }

    /// Whether any contract names the supplier (most suppliers have none: their lines need no candidates).
    public func hasContracts(supplier: SupplierKey) -> Bool { bySupplier[supplier] != nil }

    /// Whether any contract names a line's supplier, by its identity or by the line's name.
    public func hasContracts(supplier: SupplierKey, name: String) -> Bool {
        bySupplier[supplier] != nil || nameKey(supplier, name) != nil
    }

    /// The supplier's contracts for `category`/`subcategory`, in register order: `covering` is the first of them
    /// valid on the line's day.
    public func candidates(supplier: SupplierKey, name: String, category: String, subcategory: String) -> [Int] {
        contracts(of: supplier, name: name).filter { contracts[$0].matches(category: category, subcategory: subcategory) }
    }

    /// Contracts of a category whose validity overlaps a year.
    /// Contracts of a category (every category when nil) whose validity overlaps a year.
    public func valid(in year: Int, category: String?) -> [Contract] {
        contracts.filter { (category == nil || $0.category == category) && $0.from.year <= year && $0.to.year >= year }
    }
}
