import Foundation
import TallyCore

/// What `tally attach` can fail on.
public enum AttachError: Error, CustomStringConvertible, Equatable {
    case notResults(String)
    case unitNotFound(String, available: [String])
    case unitNeeded(available: [String])
    case unknownPlaceholder(String, line: Int)
    case notDOCX(String)
    case unsupportedReport(String)

    public var description: String {
        switch self {
        case .notResults(let file): "\(file): error: not a results.json written by tally (no units); pass the results.json of a run"
        case .unitNotFound(let unit, let available):
            "error: no unit '\(unit)' in the results (units: \(available.joined(separator: ", ")))"
        case .unitNeeded(let available): "error: the results hold several units; pass --unit (one of: \(available.joined(separator: ", ")))"
        case .unknownPlaceholder(let name, let line):
            "error: line \(line): unknown placeholder {{tally:\(name)}}; write {{tally:UNIT.index}}, {{tally:UNIT.ballots.valid}}, "
                + "{{tally:UNIT.QUESTION.RATE}} or {{tally:UNIT.QUESTION.ROW.RATE}} with names as in results.json"
        case .notDOCX(let file): "\(file): error: not a Word document (.docx is a zip with word/document.xml); save the report as .docx"
        case .unsupportedReport(let file): "\(file): error: reports are .md or .docx"
        }
    }
}

/// `{{tally:县司法局.overall.好评率}}`: single figures from results.json, formatted as the report
/// writes them (rates as `83.3%`, means and indexes with one decimal, counts as integers).
public struct FigurePlaceholders {
    let units: [[String: Any]]

    public init(results: [String: Any]) {
        units = results["units"] as? [[String: Any]] ?? []
    }

    /// The text for a placeholder's name, or `nil` when results.json has no such figure.
    public func value(_ name: String) -> String? {
        // A unit's name may itself contain dots: take the longest unit name that prefixes it.
        let match = units.compactMap { unit -> (String, [String: Any])? in
            guard let unitName = unit["unit"] as? String, name.hasPrefix(unitName + ".") else { return nil }
            return (unitName, unit)
        }.max { $0.0.count < $1.0.count }
        guard let (unitName, unit) = match else { return nil }
        let path = name.dropFirst(unitName.count + 1).split(separator: ".").map(String.init)
        guard let first = path.first else { return nil }
        switch (first, path.count) {
        case ("index", 1): return decimal(unit["index"])
        case ("grade", 1), ("rank", 1): return plain(unit[first])
        case ("returned_rate", 1): return percent((unit["returned_rate"] as? [String: Any])?["value"])
        case ("ballots", 2), ("respondents", 2): return plain((unit[first] as? [String: Any])?[path[1]])
        default: break
        }
        guard let question = (unit["questions"] as? [[String: Any]])?.first(where: { $0["id"] as? String == first }) else { return nil }
        var figures = question
        var rest = Array(path.dropFirst())
        if let rows = question["rows"] as? [String: Any], let row = rest.first, let rowFigures = rows[row] as? [String: Any] {
            figures = rowFigures
            rest.removeFirst()
        }
        switch rest.count {
        case 1:
            if let rate = (figures["rates"] as? [String: Any])?[rest[0]] as? [String: Any] { return percent(rate["value"]) }
            if ["mean", "weighted_mean", "sd", "median"].contains(rest[0]) { return decimal(figures[rest[0]]) }
            if ["n", "missing", "invalid"].contains(rest[0]) { return plain(figures[rest[0]]) }
            return nil
        case 2 where rest[0] == "counts":
            return plain((figures["counts"] as? [String: Any])?[rest[1]])
        default:
            return nil
        }
    }

    private func plain(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        return (value as? NSNumber).map { NumberText.plain($0.doubleValue) }
    }

    private func decimal(_ value: Any?) -> String? { (value as? NSNumber).map { NumberText.decimal($0.doubleValue) } }
    private func percent(_ value: Any?) -> String? { (value as? NSNumber).map { NumberText.percent($0.doubleValue) } }

    /// Replaces every `{{tally:…}}` but `{{tally:findings}}` in `text`; `line` is where the
    /// text starts, for errors.
    public func fill(_ text: String, line: Int = 1) throws(AttachError) -> String {
        var output = ""
        var rest = Substring(text)
        var currentLine = line
        while let open = rest.range(of: "{{tally:") {
            output += rest[..<open.lowerBound]
            currentLine += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .unknownPlaceholder(String(rest[open.upperBound...].prefix(40)), line: currentLine)
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if name == "findings" {
                output += "{{tally:findings}}"
            } else {
                guard let value = value(name) else { throw .unknownPlaceholder(name, line: currentLine) }
                output += value
            }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
