import Foundation

/// libyaml's syntax errors said plainly: where the mistake most likely is (often the line the
/// parser names as its context, not the line where it gave up) and what to write instead. Forms
/// and campaign files are typed by hand by people who do not know YAML's rules.
enum YAMLSyntaxAdvice {
    /// A plain message and its position for a scanner/parser error: `problem` at `mark`, in
    /// `context` at `contextMark`, in the document `text`. Falls back to libyaml's own words.
    static func explain(
        problem: String, mark: (line: Int, column: Int), context: String?, contextMark: (line: Int, column: Int)?, text: String
    ) -> (message: String, line: Int, column: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.dropLast($0.hasSuffix("\r") ? 1 : 0)) }
        func line(_ number: Int) -> String { number >= 1 && number <= lines.count ? lines[number - 1] : "" }
        // A tab in the indentation of the line named: the commonest cause of all.
        if let tabbed = [mark.line, contextMark?.line].compactMap({ $0 }).first(where: { line($0).prefix { $0 == " " || $0 == "\t" }.contains("\t") }) {
            let column = line(tabbed).prefix { $0 == " " || $0 == "\t" }.firstIndex(of: "\t").map { line(tabbed).distance(from: line(tabbed).startIndex, to: $0) + 1 } ?? 1
            return ("YAML syntax: line \(tabbed) is indented with a tab; indent with spaces only (two per level)", tabbed, column)
        }
        if problem.contains("could not find expected ':'"), let at = contextMark {
            let source = line(at.line)
            if let colon = source.firstIndex(of: "：") {
                let column = source.distance(from: source.startIndex, to: colon) + 1
                return ("YAML syntax: the key on line \(at.line) ends with a full-width colon '：'; type an ASCII ':' followed by a space", at.line, column)
            }
            if let colon = source.firstIndex(of: ":"), source.index(after: colon) < source.endIndex, source[source.index(after: colon)] != " " {
                let column = source.distance(from: source.startIndex, to: colon) + 1
                let key = source[..<colon].trimmingCharacters(in: .whitespaces)
                let value = source[source.index(after: colon)...]
                return ("YAML syntax: a ':' must be followed by a space: write '\(key): \(value)' on line \(at.line)", at.line, column)
            }
            return ("YAML syntax: line \(at.line) has no ':' after its key; each line is 'key: value' or '- item'", at.line, at.column)
        }
        if problem.contains("found unexpected end of stream"), let context, context.contains("quoted scalar"), let at = contextMark {
            return ("YAML syntax: the quote opened on line \(at.line), column \(at.column) is never closed; add the closing quote on that line", at.line, at.column)
        }
        if problem.contains("mapping values are not allowed") {
            let source = line(mark.line)
            let key = source.split(separator: ":", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let shown = key.hasPrefix("- ") ? String(key.dropFirst(2)) : key
            return (
                "YAML syntax: the value on line \(mark.line) contains ': '; put the whole value in quotes (\(shown): \"…\")"
                    + " or indent the line under its key", mark.line, mark.column)
        }
        if problem.contains("did not find expected '-' indicator") || problem.contains("did not find expected key")
            || problem.contains("block mapping") && problem.contains("expected")
        {
            return (
                "YAML syntax: line \(mark.line) is indented differently from the lines before it; the keys of one item, and the "
                    + "'- ' items of one list, start in the same column", mark.line, mark.column)
        }
        if problem.contains("found character that cannot start any token") {
            let source = line(mark.line)
            let index = source.index(source.startIndex, offsetBy: max(0, mark.column - 1), limitedBy: source.endIndex) ?? source.endIndex
            let character = index < source.endIndex ? String(source[index]) : ""
            return ("YAML syntax: '\(character)' cannot start a value on line \(mark.line); put the value in quotes", mark.line, mark.column)
        }
        let detail = [context, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return ("YAML syntax: \(detail)", mark.line, mark.column)
    }
}
