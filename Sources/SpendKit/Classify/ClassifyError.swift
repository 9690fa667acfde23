/// A problem in a rule table, with the rule's line and column.
public struct ClassifyError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: String
    public var message: String
    public var description: String { "\(path):\(line): \(column): \(message)" }
    public var exitCode: Int32 { 65 }
}
