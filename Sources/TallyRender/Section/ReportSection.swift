/// A findings section as blocks of plain text, tables and charts: built once from a unit's
/// results, then rendered as Markdown, HTML or WordprocessingML. Text here is never escaped;
/// each renderer escapes for its own format.
public struct ReportSection: Sendable, Equatable {
    public var language: String
    public var blocks: [ReportBlock]
    /// The pieces a report uses (CLI.md, "The findings section, in pieces a report uses"): for
    /// each of `pieceNames`, the indexes of its blocks (never a heading). Empty for a section
    /// that is not a unit's findings (the summary), or read from an older results.json.
    public var pieces: [String: [Int]] = [:]

    /// The pieces in the order of a report: 基本情况's paragraph, the results (sentences, compact
    /// tables, the index), the problems, the strengths and notes, and the appendix.
    public static let pieceNames = ["methods", "results", "problems", "strengths", "appendix"]
    /// Every name a piece placeholder may take: the pieces and `findings` (the four body pieces).
    public static let placeholderNames = pieceNames + ["findings"]

    public init(language: String, blocks: [ReportBlock], pieces: [String: [Int]] = [:]) {
        self.language = language
        self.blocks = blocks
        self.pieces = pieces
    }

    /// The blocks of one piece, with no title: `findings` is the body — every part under its
    /// own heading (（一）基本情况 …), the appendix left out; `nil` for a name that is no piece.
    /// A section without pieces gives its whole body for `findings` and nothing else.
    public func piece(_ name: String) -> [ReportBlock]? {
        if name == "findings" {
            // The body: after the section's title, up to the appendix's heading.
            var start = 0
            if case .heading? = blocks.first { start = 1 }
            let end = pieces["appendix"]?.first.map { max(start, $0 - 1) } ?? blocks.count
            return Array(blocks[start..<end])
        }
        guard Self.pieceNames.contains(name) else { return nil }
        return (pieces[name] ?? []).filter(blocks.indices.contains).map { blocks[$0] }
    }

    /// The section up to its appendix (the title and the body pieces under their headings):
    /// `<unit>/findings.md` and `.docx`, ready to paste.
    public var body: ReportSection {
        guard let first = pieces["appendix"]?.first, first > 0, first <= blocks.count else { return self }
        let end = first - 1  // the appendix's heading
        return ReportSection(language: language, blocks: Array(blocks[..<end]), pieces: pieces.filter { $0.key != "appendix" })
    }

    /// The appendix with its heading (附：…数据明细) as the file's title, for `<unit>/appendix.md`
    /// and `.docx`; `nil` when the section has none.
    public var appendix: ReportSection? {
        guard let indexes = pieces["appendix"], let first = indexes.first, first > 0, first <= blocks.count else { return nil }
        var blocks = Array(self.blocks[(first - 1)...])
        if case .heading(_, let text) = blocks[0] { blocks[0] = .heading(level: 2, text: text) }
        return ReportSection(language: language, blocks: blocks, pieces: ["appendix": Array(1..<blocks.count)])
    }
}

public enum ReportBlock: Sendable, Equatable {
    /// Level 2 is the section's title, 3 its parts (（一）基本情况 …).
    case heading(level: Int, text: String)
    /// A paragraph; `lead` is set in bold before the text (a question's title, a warning).
    case paragraph(lead: String?, text: String)
    /// A numbered list (English problems; Chinese ones are one 一是…二是… paragraph).
    case list([String])
    case table(ReportTable)
    /// A chart, drawn by renderers that can (HTML); the table beside it carries the same figures.
    case chart(ReportChart)
}

public struct ReportTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns holding numbers (right-aligned).
    public var numeric: [Bool]

    public init(header: [String], rows: [[String]], numeric: [Bool]) {
        self.header = header
        self.rows = rows
        self.numeric = numeric
    }
}

public enum ReportChart: Sendable, Equatable {
    /// One bar per entity (the unit, each group shown), split into the shares of each category.
    case stackedShares(title: String, categories: [String], bars: [ShareBar])
    /// One bar per entity with a value on 0…maximum (leaders' scores, units' indexes).
    case bars(title: String, items: [ValueBar], maximum: Double, unit: String)
}

public struct ShareBar: Sendable, Equatable {
    public var label: String
    public var counts: [Int]

    public init(label: String, counts: [Int]) {
        self.label = label
        self.counts = counts
    }
}

public struct ValueBar: Sendable, Equatable {
    public var label: String
    public var value: Double?

    public init(label: String, value: Double?) {
        self.label = label
        self.value = value
    }
}
