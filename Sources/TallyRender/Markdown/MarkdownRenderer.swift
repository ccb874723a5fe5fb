import TallyCore

/// Renders a `ReportSection` as Markdown (GitHub-flavoured tables). Charts are left out:
/// the tables beside them carry the same figures.
public enum MarkdownRenderer {
    public static func render(_ section: ReportSection) -> String {
        var parts: [String] = []
        for block in section.blocks {
            switch block {
            case .heading(let level, let text):
                parts.append(String(repeating: "#", count: level) + " " + MarkdownEscaping.inline(text))
            case .paragraph(let lead, let text):
                parts.append((lead.map { "**\(MarkdownEscaping.inline($0))**" } ?? "") + MarkdownEscaping.inline(text))
            case .list(let items):
                parts.append(items.enumerated().map { "\($0 + 1). \(MarkdownEscaping.inline($1))" }.joined(separator: "\n"))
            case .table(let table):
                var lines = ["| " + table.header.map(MarkdownEscaping.inline).joined(separator: " | ") + " |"]
                lines.append("|" + table.numeric.map { $0 ? "---:|" : "---|" }.joined())
                for row in table.rows { lines.append("| " + row.map(MarkdownEscaping.inline).joined(separator: " | ") + " |") }
                parts.append(lines.joined(separator: "\n"))
            case .chart:
                continue
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }
}

/// A unit's findings section as Markdown.
public struct FindingsMarkdown {
    public let unit: UnitResult

    public init(unit: UnitResult, campaign: String? = nil) {
        self.unit = unit
    }

    public func render() -> String { MarkdownRenderer.render(FindingsSection(unit: unit).build()) }
}
