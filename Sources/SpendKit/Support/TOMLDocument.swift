import Foundation
import TOMLKit

/// A parsed TOML file that can say on which line a key stands, so errors read `file:line: message`.
struct TOMLDocument {
    let path: String
    let table: TOMLTable
    private let lines: [Substring]

    /// Parses `text`; a syntax error becomes `makeError(line, message)`.
    init(text: String, path: String, makeError: (Int, String) -> Error) throws {
        self.path = path
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            var message = e.description
            let n = e.source.begin.line
            if n >= 1 && n <= lines.count && lines[n - 1].utf8.count(where: { $0 &- 0x30 < 10 }) >= 9 {
                // The parser quotes pieces of the line, cut anywhere: a personnummer in one would no longer read as
                // one to the mask every message goes through, so a line with that many digits is not quoted.
                message = message.replacingOccurrences(of: "'[^']*'", with: "'…'", options: .regularExpression)
            }
            throw makeError(n, message)
        } catch {
            throw makeError(1, "\(error)")
        }
    }

    /// The line of `key` (the first after the `[section]` header when one is given), else 1.
    func line(of key: String, in section: String? = nil) -> Int {
        var start = 0
        if let section, let s = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[\(section)]" }) {
            start = s
        }
        for i in start..<lines.count {
            let l = lines[i].trimmingCharacters(in: .whitespaces)
            if l.hasPrefix(key) || l.hasPrefix("\"\(key)\"") || l.hasPrefix("[\(key)]") { return i + 1 }
        }
        return 1
    }
}
