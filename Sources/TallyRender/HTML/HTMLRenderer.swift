import TallyCore

/// Renders report sections as one self-contained HTML file: inline CSS and SVG, nothing
/// fetched from the network (one line of script opens the collapsed appendix for printing),
/// readable on screen, on a phone and printed.
public enum HTMLRenderer {
    static let style = """
        body { font-family: "FangSong", "STFangsong", "仿宋", "仿宋_GB2312", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; color: #212121; margin: 0; }
        main { max-width: 210mm; margin: 0 auto; padding: 20mm 18mm; }
        h1, h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; text-align: center; }
        h1 { font-size: 22pt; } h2 { font-size: 18pt; }
        h3 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; }
        p { text-indent: 2em; margin: 0.4em 0; }
        p.lead { text-indent: 0; font-family: "KaiTi", "楷体", "楷体_GB2312", "Noto Serif CJK SC", serif; font-weight: bold; margin-top: 1em; }
        table { border-collapse: collapse; margin: 0.6em auto; font-size: 12pt; }
        th, td { border: 1px solid #424242; padding: 2px 8px; }
        th { background: #eeeeee; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-weight: normal; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        td.box { text-align: center; font-size: 14pt; }
        th, td.number, td.short { white-space: nowrap; }
        td:not(.number):not(.short) { min-width: 6em; }
        main.wide { max-width: none; }
        /* A box that scrolls sideways shows a shadow at the edge where more is hidden. */
        div.table, figure { overflow-x: auto; background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)), linear-gradient(to right, rgba(255,255,255,0), #fff 70%) 100% 0, radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), rgba(0,0,0,0)), radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), rgba(0,0,0,0)) 100% 0; background-repeat: no-repeat; background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%; background-attachment: local, local, scroll, scroll; }
        p.cue { display: none; text-indent: 0; font-size: 10.5pt; color: #616161; margin: 0.2em 0; }
        figure { margin: 0.6em 0; text-align: center; }
        svg.chart { max-width: 100%; height: auto; font-family: "SimHei", "Noto Sans CJK SC", sans-serif; }
        @media (max-width: 600px) { body { font-size: 13pt; } main { padding: 12px 14px; } h1 { font-size: 17pt; } h2, h3, details.appendix > summary { font-size: 14pt; } table { font-size: 11pt; } p.cue { display: block; }
          /* Charts keep their drawn size on a phone (text 11 px or more) and scroll sideways. */
          svg.chart { max-width: none; width: auto; } }
        details.appendix { margin-top: 1.2em; border-top: 1px solid #bdbdbd; }
        details.appendix > summary { cursor: pointer; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: bold; margin: 0.8em 0; }
        @media print {
          main { padding: 0; max-width: none; }
          h1, h2, h3, p.lead, summary { break-after: avoid; page-break-after: avoid; }
          tr, figure { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          div.table { overflow: visible; }
          @page { size: A4; margin: 25mm 20mm; }
        }
        """

    /// Opens the collapsed appendix before printing, so that paper carries everything.
    static let printScript = "<script>\(inlineScript)</script>"
    /// The one script a report holds, for a Content-Security-Policy hash (`'sha256-…'`).
    public static let inlineScript = "addEventListener('beforeprint', function () { document.querySelectorAll('details').forEach(function (d) { d.open = true; }); });"

    /// A whole HTML document with `title` in its head and the sections in its body.
    /// - Parameter wide: the page uses the screen's width (a summary of many units side by
    ///   side) instead of an A4 column.
    public static func document(title: String, language: String, sections: [ReportSection], heading: String? = nil, wide: Bool = false) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"\(language == "en" ? "en" : "zh-CN")\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(HTMLEscaping.escape(title))</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n<main\(wide ? " class=\"wide\"" : "")>\n"
        if let heading { html += "<h1>\(HTMLEscaping.escape(heading))</h1>\n" }
        for section in sections { html += body(section) }
        html += "</main>\n"
        if html.contains("<details") { html += printScript + "\n" }
        return html + "</body>\n</html>\n"
    }

    /// The blocks of a section as HTML elements.
    /// The appendix (CLI.md's `appendix` piece) is collapsed below the body, under its heading.
    public static func body(_ section: ReportSection) -> String {
        var html = ""
        // The appendix's heading becomes the summary of a collapsed <details>.
        let appendixHeading = section.pieces["appendix"]?.first.map { $0 - 1 }
        for (index, block) in section.blocks.enumerated() {
            switch block {
            case .heading(let level, let text):
                if index == appendixHeading {
                    html += "<details class=\"appendix\">\n<summary>\(HTMLEscaping.escape(text))</summary>\n"
                } else {
                    html += "<h\(level)>\(HTMLEscaping.escape(text))</h\(level)>\n"
                }
            case .paragraph(let lead, let text):
                if let lead, text.isEmpty {
                    html += "<p class=\"lead\">\(HTMLEscaping.escape(lead))</p>\n"
                } else {
                    html += "<p>" + (lead.map { "<strong>\(HTMLEscaping.escape($0))</strong>" } ?? "") + HTMLEscaping.escape(LineBreaks.glued(text)) + "</p>\n"
                }
            case .list(let items):
                html += "<ol>\n" + items.map { "<li>\(HTMLEscaping.escape($0))</li>\n" }.joined() + "</ol>\n"
            case .table(let table):
                // Headers, figures and short labels (一般, 较好) never wrap one character per line;
                // a table wider than a phone scrolls sideways in its box, with a shadow at the edge
                // and, on a phone, a line saying so above a table of many columns.
                if table.header.count > 5 {
                    html += "<p class=\"cue\">\(section.language == "en" ? "Scroll sideways for more columns →" : "表格较宽，可左右滑动查看 →")</p>\n"
                }
                html += "<div class=\"table\"><table>\n<thead><tr>" + table.header.map { "<th>\(HTMLEscaping.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in table.rows {
                    html += "<tr>"
                    for (index, cell) in row.enumerated() {
                        let numeric = index < table.numeric.count && table.numeric[index]
                        html += cell == "□" ? "<td class=\"box\">" : numeric ? "<td class=\"number\">" : cell.count <= 4 ? "<td class=\"short\">" : "<td>"
                        html += HTMLEscaping.escape(LineBreaks.glued(cell)) + "</td>"
                    }
                    html += "</tr>\n"
                }
                html += "</tbody>\n</table></div>\n"
            case .chart(let chart):
                html += "<figure>\n"
                switch chart {
                case .stackedShares(let title, let categories, let bars):
                    html += SVGCharts.stackedShares(title: title, categories: categories, bars: bars)
                case .bars(let title, let items, let maximum, let unit):
                    html += SVGCharts.bars(title: title, items: items, maximum: maximum, unit: unit)
                }
                html += "</figure>\n"
            }
        }
        if appendixHeading.map(section.blocks.indices.contains) == true { html += "</details>\n" }
        return html
    }
}
