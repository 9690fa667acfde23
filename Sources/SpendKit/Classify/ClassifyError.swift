/// Every problem found in a rule table, each with its line and column; loading reports them all at once.
public struct ClassifyError: Error, Equatable, CustomStringConvertible {
    /// One problem: `column` is the 1-based column in the line (counted in characters), `field` the table column.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var column: Int
        public var field: String
        public var message: String
        public var description: String { "\(path):\(line):\(column): \(field): \(message)" }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    public init(path: String, line: Int, column: Int = 1, field: String, message: String) {
        problems = [Problem(path: path, line: line, column: column, field: field, message: message)]
    }

    public var path: String { problems.first?.path ?? "" }
    /// The first problem's line, column, table column and message.
    public var line: Int { problems.first?.line ?? 0 }
    public var column: Int { problems.first?.column ?? 0 }
    public var field: String { problems.first?.field ?? "" }
    public var message: String { problems.first?.message ?? "" }

    /// One problem: `file:line:col: field: message`; several: a count, then one such line each.
    public var description: String {
        if problems.count == 1 { return problems[0].description }
        return
            "\(path): \(problems.count) errors in the rule table (file:line:column, the column counted in characters of the line)\n"
            + problems.map(\.description).joined(separator: "\n")
    }

    public var exitCode: Int32 { 65 }
}
