/// The figures the reference data set is built to reproduce (SPEC §6, seed 002 §10), in öre.
struct ReferencePlan {
    static let category = "IT och telekom"
    static let subcategories = [
        "IT-hårdvara", "Verksamhetssystem", "IT-programvara och licenser", "Telekommunikation",
        "IT-konsulter", "IT som tjänst", "Välfärdsteknik", "Övrigt IT",
    ]
    /// Account and account text per subcategory (Kommun-Bas style).
    static let accounts: [String: (String, String)] = [
        "IT-hårdvara": ("54610", "Datorer och kringutrustning"),
        "Verksamhetssystem": ("74320", "Verksamhetssystem drift och licens"),
        "IT-programvara och licenser": ("74311", "IT-tj standpr licenser"),
        "Telekommunikation": ("65400", "Telefoni och datakommunikation"),
        "IT-konsulter": ("74580", "IT-konsulttjänster"), "IT som tjänst": ("74330", "IT-tjänster som tjänst"),
        "Välfärdsteknik": ("54620", "Välfärdsteknik"), "Övrigt IT": ("74390", "Övriga IT-kostnader"),
    ]
    /// Boards with their cost-centre range and their share of the category in 2022 (per mille).
    static let boards: [(name: String, forvaltning: String, kst: String, share: Double)] = [
        ("Kommunstyrelsen", "Kommunstyrelsens förvaltning", "1000-1999", 51.2),
        ("Grundskolenämnden", "Grundskoleförvaltningen", "2000-2999", 22.5),
        ("Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen", "3000-3999", 8.2),
        ("Gymnasie- och arbetsmarknadsnämnden", "Gymnasie- och arbetsmarknadsförvaltningen", "4000-4999", 7.7),
        ("Förskolenämnden", "Förskoleförvaltningen", "5000-5999", 4.3),
        ("Socialnämnden", "Socialförvaltningen", "6000-6999", 3.1),
        ("Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen", "7000-7999", 1.6),
        ("Miljö- och samhällsbyggnadsnämnden", "Miljö- och samhällsbyggnadsförvaltningen", "8000-8999", 1.4),
    ]
    /// Per year: subcategory totals in MSEK (2022 from the plan; 2020–2021 spread the same way over their totals).
    static let totals: [Int: Int64] = [2020: 15_460_000_000, 2021: 13_960_000_000, 2022: 16_300_000_000]
    static let subcategoryMSEK2022: [Double] = [50.00, 42.20, 28.90, 19.60, 9.80, 7.40, 3.10, 2.00]
    /// Off-contract spend per subcategory, öre; sums to the year's off-contract figure.
    static let offContract: [Int: [Int64]] = [
        2022: [250_000_000, 400_000_000, 300_000_000, 200_000_000, 720_000_000, 200_000_000, 100_000_000, 145_000_000],  // 23.15 MSEK
        2021: [400_000_000, 500_000_000, 350_000_000, 400_000_000, 650_000_000, 250_000_000, 120_000_000, 130_000_000],  // 28.00 MSEK
        2020: [
            1_500_000_000, 700_000_000, 450_000_000, 1_600_000_000, 700_000_000, 500_000_000, 120_000_000, 120_000_000,
        ],  // 56.90 MSEK
    ]
    /// Suppliers with spend per year (the plan: 219 in 2021, 195 in 2022).
    static let supplierCount: [Int: Int] = [2020: 228, 2021: 219, 2022: 195]
    /// Unclassified spend per year (an account no rule names), MSEK.
    static let unclassifiedMSEK: Int64 = 30

    /// Board shares inside a subcategory that the plan states (2022), percent.
    static let fixedBoardShares: [String: [String: Double]] = [
        "Verksamhetssystem": ["Kommunstyrelsen": 53.3, "Vård- och omsorgsnämnden": 15.8, "Grundskolenämnden": 14.1],
        "IT-konsulter": ["Kommunstyrelsen": 95.5],
        "IT-programvara och licenser": ["Kommunstyrelsen": 77.8],
    ]

    /// A named supplier of the plan: org number, the names it is invoiced under, and its spend per subcategory.
    struct Named {
        var orgPrefix: String
        var names: [String]
        var amounts: [String: Int64]  // 2022, öre
        var invoices: Int?  // invoices per year, when the plan names a volume
        var contracts: [(id: String, name: String, subcategory: String, ceiling: Int64?)]
    }

    static let named: [Named] = [
        Named(
            orgPrefix: "556448028",
            names: ["Atea Sverige AB", "Atea Sverige AB", "ATEA SVERIGE AB", "Atea Sverige AB."],
            amounts: ["IT-programvara och licenser": 2_480_000_000, "IT-hårdvara": 160_000_000], invoices: nil,
            contracts: [
                ("AV-2019-011", "Standardprogramvara och licenser (Adda)", "", 20_000_000_000),
                ("AV-2021-031", "Programvaror och tjänster Microsoft", "IT-programvara och licenser", nil),
            ]),
        Named(
            orgPrefix: "556390745", names: ["Iver Workplace"], amounts: ["IT-hårdvara": 2_090_000_000], invoices: nil,
            contracts: [("AV-2020-004", "Klienter inkl. produktnära tjänster", "IT-hårdvara", 12_000_000_000)]),
        Named(
            orgPrefix: "556613425", names: ["Telia Cygate AB"], amounts: ["IT-hårdvara": 2_050_000_000], invoices: nil,
            contracts: [("AV-2020-007", "Nätverks- och säkerhetsprodukter", "IT-hårdvara", 10_000_000_000)]),
        Named(
            orgPrefix: "556267516", names: ["Tele2 Sverige AB"], amounts: ["Telekommunikation": 1_400_000_000],
            invoices: nil,
            contracts: [("AV-2020-012", "Mobil och fast telefoni", "Telekommunikation", 52_000_000_000)]),
        Named(
            orgPrefix: "556012724", names: ["Tieto Sweden AB", "Tieto Sweden AB", "TIETO SWEDEN AB"],
            amounts: ["Verksamhetssystem": 1_310_000_000], invoices: nil,
            contracts: [
                ("AV-2016-002", "Procapita", "Verksamhetssystem", nil),
                ("AV-2017-005", "KIR kommuninvånarregister", "Verksamhetssystem", nil),
                ("AV-2018-009", "Elevregister", "Verksamhetssystem", nil),
            ]),
        Named(
            orgPrefix: "556326473", names: ["AVS i Sverige AB"], amounts: ["IT-hårdvara": 375_000_000], invoices: nil,
            contracts: [("AV-2021-018", "AV- och konferensprodukter", "IT-hårdvara", nil)]),
        Named(
            orgPrefix: "556430014", names: ["Telia Sverige AB"], amounts: ["Telekommunikation": 310_000_000],
            invoices: 50_400,
            contracts: [("AV-2018-020", "Datakommunikation", "Telekommunikation", nil)]),
        Named(
            orgPrefix: "556195136", names: ["Toshiba Tec Nordic AB"], amounts: ["IT som tjänst": 240_000_000],
            invoices: 5_950,
            contracts: [("AV-2020-015", "Utskrift som tjänst", "IT som tjänst", nil)]),
    ]

    /// The other categories of the municipality (nine in all with IT), their accounts and yearly spend in MSEK.
    static let otherCategories: [(name: String, account: String, text: String, msek: Int64)] = [
        ("Vård och omsorg", "46360", "Köp av vård och omsorg", 460),
        ("Bygg och fastighet", "41001", "Inköp byggnadsmaterial", 380),
        ("Livsmedel", "64410", "Livsmedel", 95), ("Transporter och fordon", "70400", "Resor och transporter", 120),
        ("Konsulttjänster", "74500", "Konsulttjänster", 150), ("Energi", "52100", "El och värme", 140),
        ("Kontor och förbrukning", "64600", "Förbrukningsmaterial", 72),
        ("Utbildning och kultur", "46100", "Köp av utbildning", 40),
    ]
}
