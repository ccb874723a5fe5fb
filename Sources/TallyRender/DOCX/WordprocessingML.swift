/// WordprocessingML for a report section, in the conventions of Chinese official documents
/// (GB/T 9704): title in 方正小标宋简体 二号 (22 pt), first-level headings in 黑体 三号, second-level
/// in 楷体_GB2312 三号, body in 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent and
/// 28 pt exact line spacing; tables bordered, with a repeated bold header row and numbers
/// right-aligned.
///
/// Formatting is direct (run and paragraph properties), not by style ids, so the same XML can
/// be put into a report that has styles of its own.
package enum WordprocessingML {
    static let mainNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// XML text: `&`, `<`, `>`, `"`, `'` as entities, and characters XML 1.0 forbids dropped.
    package static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    struct Font {
        var eastAsia: String
        var size: Int  // half-points
        var bold = false
    }

    static let title = Font(eastAsia: "方正小标宋简体", size: 44)
    static let heading1 = Font(eastAsia: "黑体", size: 32)
    static let heading2 = Font(eastAsia: "楷体_GB2312", size: 32)
    static let heading3 = Font(eastAsia: "仿宋_GB2312", size: 32, bold: true)
    static let body = Font(eastAsia: "仿宋_GB2312", size: 32)

    /// The font of each heading level of GB/T 9704: 一、黑体, （一）楷体, 1. 仿宋加粗, （1）仿宋.
    static func headingFont(_ level: Int) -> Font {
        switch level {
        case ...1: heading1
        case 2: heading2
        case 3: heading3
        default: body
        }
    }
    static let tableText = Font(eastAsia: "仿宋_GB2312", size: 24)
    static let tableHead = Font(eastAsia: "黑体", size: 24)

    static func run(_ text: String, _ font: Font) -> String {
        var properties = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"\(font.eastAsia)\" w:cs=\"Times New Roman\"/>"
        if font.bold { properties += "<w:b/>" }
        properties += "<w:sz w:val=\"\(font.size)\"/><w:szCs w:val=\"\(font.size)\"/>"
        return "<w:r><w:rPr>\(properties)</w:rPr><w:t xml:space=\"preserve\">\(escape(LineBreaks.glued(text)))</w:t></w:r>"
    }

    /// A run in the host's body formatting, in bold for a lead.
    static func hostRun(_ text: String, _ host: HostBody, bold: Bool = false) -> String {
        var properties = host.runProperties
        if bold, !properties.contains("<w:b/>") { properties = boldened(properties) }
        return "<w:r><w:rPr>\(properties)</w:rPr><w:t xml:space=\"preserve\">\(escape(LineBreaks.glued(text)))</w:t></w:r>"
    }

    /// Run properties with `w:b` in its place in the schema's order (after fonts, before the rest).
    static func boldened(_ properties: String) -> String {
        var properties = properties
        for early in ["<w:rFonts", "<w:rStyle"] {
            guard let open = properties.range(of: early), let end = properties[open.upperBound...].range(of: "/>") else { continue }
            properties.insert(contentsOf: "<w:b/>", at: end.upperBound)
            return properties
        }
        return "<w:b/>" + properties
    }

    /// A paragraph in the host's body formatting; `keepNext` (a heading) goes after its style.
    static func hostParagraph(_ runs: String, _ host: HostBody, keepNext: Bool = false) -> String {
        var properties = host.paragraphProperties
        if keepNext, !properties.contains("<w:keepNext") {
            if let style = properties.range(of: "<w:pStyle"), let end = properties[style.upperBound...].range(of: "/>") {
                properties.insert(contentsOf: "<w:keepNext/>", at: end.upperBound)
            } else {
                properties = "<w:keepNext/>" + properties
            }
        }
        return "<w:p><w:pPr>\(properties)</w:pPr>\(runs)</w:p>"
    }

    static func paragraph(_ runs: String, align: String? = nil, indent: Bool = false, exactLine: Bool = true, keepNext: Bool = false) -> String {
        var properties = ""
        if keepNext { properties += "<w:keepNext/>" }
        properties += exactLine ? "<w:spacing w:line=\"560\" w:lineRule=\"exact\"/>" : "<w:spacing w:before=\"0\" w:after=\"0\"/>"
        if indent { properties += "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>" }
        if let align { properties += "<w:jc w:val=\"\(align)\"/>" }
        return "<w:p><w:pPr>\(properties)</w:pPr>\(runs)</w:p>"
    }

    /// The section's blocks as `w:body` children (paragraphs and tables). Charts are left out:
    /// the tables beside them carry the same figures.
    ///
    /// - Parameter host: where the blocks go in someone else's report (`attach`): their headings
    ///   nest one level under the heading they sit in, in the host's heading styles when it
    ///   has them, else in the fonts of GB/T 9704's levels. `nil` for a document of our own:
    ///   level 2 is its centred title and level 3 its 一级 headings.
    package static func body(_ section: ReportSection, host: HostHeadings? = nil) -> String {
        var xml = ""
        // The GB/T 9704 level of each heading: under the host's, or from our own levels.
        let top = section.blocks.compactMap { block -> Int? in if case .heading(let level, _) = block { level } else { nil } }.min() ?? 3
        func level(_ markdownLevel: Int) -> Int { host.map { $0.level + 1 + markdownLevel - top } ?? markdownLevel - 2 }
        let hostBody = host?.body
        func heading(_ text: String, level: Int) -> String {
            if let style = host?.style(forLevel: level) {
                return "<w:p><w:pPr><w:pStyle w:val=\"\(escape(style))\"/><w:keepNext/></w:pPr><w:r><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
            }
            // A heading the report has no style for: GB/T 9704's face for its level, at the size
            // of the report's body (never smaller than the text around it).
            if let hostBody {
                var font = headingFont(level)
                font.size = hostBody.size
                return hostParagraph(run(text, font), hostBody, keepNext: true)
            }
            return paragraph(run(text, headingFont(level)), indent: true, keepNext: true)
        }
        var current = host?.level ?? 1  // the level the blocks now sit under
        for block in section.blocks {
            switch block {
            case .heading(let markdownLevel, let text):
                if host == nil && markdownLevel <= 2 {
                    xml += paragraph(run(text, title), align: "center", keepNext: true)
                } else {
                    current = level(markdownLevel)
                    xml += heading(text, level: current)
                }
            case .paragraph(let lead, let text):
                if let lead, text.isEmpty {
                    // A question's title: one level under where it sits.
                    xml += heading(lead, level: current + 1)
                } else {
                    var leadFont = body
                    leadFont.bold = true
                    if let hostBody {
                        xml += hostParagraph((lead.map { hostRun($0, hostBody, bold: true) } ?? "") + hostRun(text, hostBody), hostBody)
                        continue
                    }
                    // Ragged right, not justified: a figure such as 75.7%（28/37） cannot break, and
                    // justifying the line before it spread “对 领 导 班 子” across the page.
                    xml += paragraph((lead.map { run($0, leadFont) } ?? "") + run(text, body), indent: true)
                }
            case .list(let items):
                for (index, item) in items.enumerated() {
                    let text = "\(index + 1). \(item)"
                    xml += hostBody.map { hostParagraph(hostRun(text, $0), $0) } ?? paragraph(run(text, body), indent: true)
                }
            case .table(let table):
                // Table text no larger than the report's body.
                xml += self.table(table, size: min(tableText.size, hostBody?.size ?? tableText.size))
            case .chart:
                continue
            }
        }
        return xml
    }

    /// The width of the text block in twips: A4 (11906) less the GB/T 9704 margins (1587 + 1474).
    static let textWidth = 8845

    /// Column widths in twips, in proportion to each column's widest cell (CJK counting double),
    /// filling the text width; a fixed layout so every reader draws the same table.
    static func columnWidths(_ table: ReportTable) -> [Int] {
        let count = table.header.count
        var widths = (0..<count).map { column in
            ([table.header] + table.rows).map { $0.indices.contains(column) ? TextWidth.columns($0[column]) : 0 }.max() ?? 1
        }
        widths = widths.map { min(max($0, 4), 40) + 2 }
        let total = widths.reduce(0, +)
        var twips = widths.map { $0 * textWidth / total }
        twips[0] += textWidth - twips.reduce(0, +)
        return twips
    }

    static func table(_ table: ReportTable, size: Int = tableText.size) -> String {
        var (tableText, tableHead) = (tableText, tableHead)
        tableText.size = size
        tableHead.size = size
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
        let widths = columnWidths(table)
        var xml = "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
        xml += "<w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/><w:right \(border)/>"
        xml += "<w:insideH \(border)/><w:insideV \(border)/></w:tblBorders>"
        xml += "<w:tblLayout w:type=\"fixed\"/>"
        xml += "<w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        xml += "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        func cellStart(_ column: Int) -> String {
            "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[min(column, widths.count - 1)])\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
        }
        xml += "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
        for (index, cell) in table.header.enumerated() {
            xml += cellStart(index) + paragraph(run(cell, tableHead), align: "center", exactLine: false) + "</w:tc>"
        }
        xml += "</w:tr>"
        for row in table.rows {
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for (index, cell) in row.enumerated() {
                let numeric = index < table.numeric.count && table.numeric[index]
                // A ballot's box sits in the middle of its cell.
                let align = cell == "□" ? "center" : numeric ? "right" : "left"
                xml += cellStart(index) + paragraph(run(cell, tableText), align: align, exactLine: false) + "</w:tc>"
            }
            xml += "</w:tr>"
        }
        // Word needs a paragraph between two tables and after a table at the end of a cell or body.
        return xml + "</w:tbl>" + paragraph("", exactLine: false)
    }

    /// A whole `word/document.xml` with an A4 page and the margins of GB/T 9704.
    package static func document(_ sections: [ReportSection]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<w:document xmlns:w=\"\(mainNamespace)\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>"
        for section in sections { xml += body(section) }
        xml += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
        xml += "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
        xml += "</w:sectPr>"
        return xml + "</w:body></w:document>\n"
    }
}

/// The headings of a report the findings are put into: the level of the heading a piece sits
/// under and the report's own heading styles, so that the piece's headings nest one level down.
package struct HostHeadings: Equatable {
    /// The GB/T 9704 level (1 一、, 2 （一）, 3 1., 4 （1）) of the heading the piece sits under; 0 when none.
    package var level: Int
    /// The report's paragraph styles named `heading N` (Word's built-in names, also in a
    /// Chinese Word) by N.
    package var styles: [Int: String]
    /// `heading N` ↔ GB/T 9704 level: N − level (1 where the report's 标题 1 is its title).
    package var styleOffset: Int

    /// The body text where the piece goes: attached paragraphs take its formatting, headings
    /// without a style of the report's take GB/T 9704's faces at its size; `nil` falls back
    /// to GB/T 9704 throughout.
    package var body: HostBody?

    package init(level: Int, styles: [Int: String] = [:], styleOffset: Int = 0, body: HostBody? = nil) {
        self.level = level
        self.styles = styles
        self.styleOffset = styleOffset
        self.body = body
    }

    /// The host's style for a GB/T 9704 level, when it has one.
    func style(forLevel level: Int) -> String? { styles[level + styleOffset] }
}
