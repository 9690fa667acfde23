import Foundation

/// One row of the rule table (SPEC §3.3): all non-empty conditions must hold; the first matching rule wins.
public struct Rule: Sendable {
    public var line: Int
    public var category: String
    public var subcategory: String
    public var orgs: Set<SupplierID>
    public var accounts: [AccountPattern]
    public var names: [TextPattern]
    public var texts: [TextPattern]
    /// Written as a catch-all (`*` in a condition cell): with no other condition it matches every line.
    public var catchAll = false

    public var hasCondition: Bool { !orgs.isEmpty || !accounts.isEmpty || !names.isEmpty || !texts.isEmpty }
}
