/// One regular expression of a rule table: the rule's index, its column, its place among the cell's alternatives.
public struct RegexRef: Hashable, Sendable, Comparable {
    public enum Field: String, Sendable { case name = "leverantor_namn", text }
    public var rule: Int
    public var field: Field
    public var alternative: Int

    public func pattern(in table: RuleTable) -> TextPattern {
        field == .name ? table.rules[rule].names[alternative] : table.rules[rule].texts[alternative]
    }

    public static func < (a: RegexRef, b: RegexRef) -> Bool {
        (a.rule, a.field == .name ? 0 : 1, a.alternative) < (b.rule, b.field == .name ? 0 : 1, b.alternative)
    }
}

/// How often a regular expression gave up on its step budget, and the longest text it gave up on (in
/// characters: the text itself may be confidential or hold a personnummer, so it is not kept).
public struct RegexOverrun: Sendable, Equatable {
    public var count: Int
    public var longest: Int
}
