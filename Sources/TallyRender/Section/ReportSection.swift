/// A findings section as blocks of plain text, tables and charts: built once from a unit's
/// results, then rendered as Markdown, HTML or WordprocessingML. Text here is never escaped;
/// each renderer escapes for its own format.
public struct ReportSection: Sendable, Equatable {
    public var language: String
    public var blocks: [ReportBlock]

    public init(language: String, blocks: [ReportBlock]) {
        self.language = language
        self.blocks = blocks
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
