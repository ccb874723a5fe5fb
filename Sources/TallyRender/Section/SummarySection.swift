import TallyCore

/// The summary of every unit (summary.md's table) with a chart of the indexes for each form.
public enum SummarySection {
    public static func build(_ document: ResultsDocument) -> ReportSection {
        let zh = (document.units.first?.form.language ?? .zh) == .zh
        let markdown = SummaryMarkdown(document: document)
        var blocks: [ReportBlock] = [.table(markdown.table())]
        // One chart per form: indexes of different forms do not measure the same thing, so they
        // are not set side by side.
        var forms: [Form] = []
        for unit in document.units where !forms.contains(where: { $0.id == unit.form.id }) { forms.append(unit.form) }
        for form in forms {
            let units = document.units.filter { $0.form.id == form.id }
            let title = zh ? "各单位综合得分" : "Index by unit"
            blocks.append(.chart(.bars(
                title: forms.count == 1 ? title : zh ? "\(title)（\(form.title)）" : "\(title) (\(form.title))",
                items: units.map { ValueBar(label: $0.unit, value: $0.void == nil ? $0.index : nil) }, maximum: 100,
                unit: zh ? "分" : "")))
        }
        blocks += markdown.notes().map { .paragraph(lead: nil, text: $0) }
        return ReportSection(language: zh ? "zh" : "en", blocks: blocks)
    }
}
