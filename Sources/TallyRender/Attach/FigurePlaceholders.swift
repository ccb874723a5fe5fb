import Foundation
import TallyCore

/// What `tally attach` can fail on.
public enum AttachError: Error, CustomStringConvertible, Equatable {
    case notResults(String)
    case unitNotFound(String, available: [String])
    case unitNeeded(available: [String])
    /// A `{{tally:…}}` that is neither a piece nor a figure of the results, at `at`
    /// (`报告.md:12`, `报告.docx, paragraph 7`), with the pieces and some figures that exist.
    case unknownPlaceholder(String, at: String, pieces: [String], figures: [String])
    case notDOCX(String)
    /// A report that inflates past `limit` bytes (a zip bomb, or damaged).
    case tooLarge(String, limit: Int)
    case unsupportedReport(String)

    public var description: String {
        switch self {
        case .notResults(let file): "\(file): error: not a results.json written by tally (no units); pass the results.json of a run"
        case .unitNotFound(let unit, let available):
            "error: no unit '\(unit)' in the results (units: \(available.joined(separator: ", ")))"
        case .unitNeeded(let available): "error: the results hold several units; pass --unit (one of: \(available.joined(separator: ", ")))"
        case .unknownPlaceholder(let name, let at, let pieces, let figures):
            "\(at): error: unknown placeholder {{tally:\(name)}}; the pieces are "
                + pieces.map { "{{tally:\($0)}}" }.joined(separator: " ")
                + "; single figures are written like " + (figures.map { "{{tally:\($0)}}" } + ["…"]).joined(separator: " ")
                + " (names as in results.json)"
        case .notDOCX(let file): "\(file): error: not a Word document (.docx is a zip with word/document.xml); save the report as .docx"
        case .tooLarge(let file, let limit):
            "\(file): error: the document unpacks to more than \(limit >> 20) MiB, far more than a report does; it is damaged "
                + "or not a report: open it in Word or WPS and save it again as .docx"
        case .unsupportedReport(let file): "\(file): error: reports are .md or .docx"
        }
    }
}

/// `{{tally:县司法局.overall.好评率}}`: single figures from results.json, formatted as the report
/// writes them (rates as `83.3%`, means and indexes with one decimal, counts as integers).
package struct FigurePlaceholders {
    let units: [ResultsFile.Unit]
    /// The unit the report is about: error messages suggest its figures first.
    let unit: String?

    package init(results: ResultsFile, unit: String? = nil) {
        units = results.units
        self.unit = unit
    }

    /// A few figure names that exist, for error messages: the index, valid ballots and first
    /// question's base of the report's unit (else of the first two units).
    package func examples() -> [String] {
        let shown = units.filter { $0.name == unit }.isEmpty ? Array(units.prefix(2)) : units.filter { $0.name == unit }
        return shown.flatMap { unit -> [String] in
            var names = ["\(unit.name).index", "\(unit.name).ballots.valid"]
            if let question = unit.questions.first?["id"]?.string { names.append("\(unit.name).\(question).n") }
            return names.filter { value($0) != nil }
        }
    }

    /// The text for a placeholder's name, or `nil` when results.json has no such figure.
    package func value(_ name: String) -> String? {
        // A unit's name may itself contain dots: take the longest unit name that prefixes it.
        let match = units.filter { name.hasPrefix($0.name + ".") }.max { $0.name.count < $1.name.count }
        guard let match else { return nil }
        let unit = match.json
        let path = name.dropFirst(match.name.count + 1).split(separator: ".").map(String.init)
        guard let first = path.first else { return nil }
        switch (first, path.count) {
        case ("index", 1): return decimal(unit["index"])
        case ("grade", 1), ("rank", 1): return plain(unit[first])
        case ("returned_rate", 1): return percent(unit["returned_rate"]?["value"])
        case ("ballots", 2), ("respondents", 2): return plain(unit[first]?[path[1]])
        default: break
        }
        guard let question = match.questions.first(where: { $0["id"]?.string == first }) else { return nil }
        var figures = question
        var rest = Array(path.dropFirst())
        if let row = rest.first, let rowFigures = question["rows"]?[row] {
            figures = rowFigures
            rest.removeFirst()
        }
        switch rest.count {
        case 1:
            if let rate = figures["rates"]?[rest[0]] { return percent(rate["value"]) }
            if ["mean", "weighted_mean", "sd", "median"].contains(rest[0]) { return decimal(figures[rest[0]]) }
            if ["n", "missing", "invalid"].contains(rest[0]) { return plain(figures[rest[0]]) }
            return nil
        case 2 where rest[0] == "counts":
            return plain(figures["counts"]?[rest[1]])
        default:
            return nil
        }
    }

    private func plain(_ value: JSONValue?) -> String? { value?.text(numbers: NumberText.plain) }
    private func decimal(_ value: JSONValue?) -> String? { value?.double.map { NumberText.decimal($0) } }
    private func percent(_ value: JSONValue?) -> String? { value?.double.map { NumberText.percent($0) } }

    /// Replaces every figure `{{tally:…}}` in `text` (pieces are left for the caller); `line` is
    /// where the text starts, for errors, and `location` how a line is named in them.
    package func fill(_ text: String, line: Int = 1, location: (Int) -> String) throws(AttachError) -> String {
        func unknown(_ name: String, _ line: Int) -> AttachError {
            .unknownPlaceholder(name, at: location(line), pieces: ReportSection.placeholderNames, figures: examples())
        }
        var output = ""
        var rest = Substring(text)
        var currentLine = line
        while let open = rest.range(of: "{{tally:") {
            output += rest[..<open.lowerBound]
            currentLine += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw unknown(String(rest[open.upperBound...].prefix(40)), currentLine)
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if ReportSection.placeholderNames.contains(name) {
                output += "{{tally:\(name)}}"
            } else {
                guard let value = value(name) else { throw unknown(name, currentLine) }
                output += value
            }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
