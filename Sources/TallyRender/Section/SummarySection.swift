import TallyCore

/// The summary of every unit (summary.md's table) with a chart of the indexes.
public enum SummarySection {
    public static func build(_ document: ResultsDocument) -> ReportSection {
        let zh = (document.units.first?.form.language ?? .zh) == .zh
        let markdown = SummaryMarkdown(document: document)
        var blocks: [ReportBlock] = [.table(markdown.table())]
        blocks.append(.chart(.bars(
            title: zh ? "各单位综合得分" : "Index by unit",
            items: document.units.map { ValueBar(label: $0.unit, value: $0.void == nil ? $0.index : nil) }, maximum: 100,
            unit: zh ? "分" : "")))
        blocks += markdown.notes().map { .paragraph(lead: nil, text: $0) }
        return ReportSection(language: zh ? "zh" : "en", blocks: blocks)
    }
}
