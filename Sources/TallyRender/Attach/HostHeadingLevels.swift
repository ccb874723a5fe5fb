/// The heading styles of a report's `word/styles.xml`: paragraph styles whose name is
/// `heading N` (Word's built-in names, kept in English by a Chinese Word too) or `标题 N`
/// (WPS), by style id.
struct HostStyles {
    /// Style id → N.
    var levels: [String: Int] = [:]
    /// The font size (half-points) of the report's body style: its default paragraph style's
    /// (Normal, 正文), else the document defaults'; `nil` when it sets none.
    var bodySize: Int?

    init(_ xml: String) {
        if let defaults = xml.range(of: "<w:rPrDefault>"), let end = xml.range(of: "</w:rPrDefault>"), defaults.upperBound < end.lowerBound {
            bodySize = Self.size(in: xml[defaults.upperBound..<end.lowerBound])
        }
        var rest = Substring(xml)
        while let open = rest.range(of: "<w:style ") {
            guard let close = rest[open.upperBound...].range(of: "</w:style>") else { break }
            let style = rest[open.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
            let tag = style[..<(style.firstIndex(of: ">") ?? style.endIndex)]
            if tag.contains("w:type=\"paragraph\""), tag.contains("w:default=\"1\""), let size = Self.size(in: style) {
                bodySize = size
            }
            guard style.contains("w:type=\"paragraph\""), let id = Self.attribute("w:styleId", in: style),
                let nameTag = style.range(of: "<w:name "), let name = Self.attribute("w:val", in: style[nameTag.lowerBound...])
            else { continue }
            let lowered = name.lowercased()
            for prefix in ["heading ", "标题 ", "标题"] where lowered.hasPrefix(prefix) {
                if let level = Int(lowered.dropFirst(prefix.count)), (1...9).contains(level) { levels[id] = level }
            }
        }
    }

    /// The `w:sz` value in a piece of XML (half-points), when there is one.
    static func size(in text: Substring) -> Int? {
        guard let tag = text.range(of: "<w:sz ") else { return nil }
        return attribute("w:val", in: text[tag.lowerBound...]).flatMap { Int($0) }
    }

    static func attribute(_ name: String, in text: Substring) -> String? {
        guard let start = text.range(of: name + "=\"") else { return nil }
        guard let end = text[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(text[start.upperBound..<end])
    }

    /// The `w:pStyle` of a paragraph, when it names one.
    static func styleId(of paragraph: Substring) -> String? {
        guard let properties = paragraph.range(of: "<w:pPr"), let end = paragraph.range(of: "</w:pPr>"), properties.lowerBound < end.lowerBound else { return nil }
        let pPr = paragraph[properties.lowerBound..<end.lowerBound]
        guard let style = pPr.range(of: "<w:pStyle ") else { return nil }
        return HostStyles.attribute("w:val", in: pPr[style.lowerBound...])
    }

    /// Level N → style id (the first id of each level).
    var idsByLevel: [Int: String] {
        var ids: [Int: String] = [:]
        for (id, level) in levels.sorted(by: { $0.key < $1.key }) where ids[level] == nil { ids[level] = id }
        return ids
    }
}

/// Follows a report's headings paragraph by paragraph, so that a piece put at a placeholder
/// knows the level of the heading it sits under: by the paragraph's heading style, else by
/// the numbering of GB/T 9704 (一、 → 1, （一） → 2, 1. → 3, （1） → 4).
struct HeadingTracker {
    let styles: HostStyles
    /// Where a piece placed now would sit.
    private(set) var current: HostHeadings
    private var offsetLearned = false

    init(styles: HostStyles) {
        self.styles = styles
        current = HostHeadings(level: 0, styles: styles.idsByLevel, styleOffset: 0)
    }

    /// Takes note of one paragraph of the report.
    mutating func see(_ paragraph: Substring, text: String) {
        let styleLevel = HostStyles.styleId(of: paragraph).flatMap { styles.levels[$0] }
        let numbered = Self.numberingLevel(text)
        if let styleLevel, let numbered, !offsetLearned {
            // The report says how its heading styles map to 一、（一）…: learn it once.
            current.styleOffset = styleLevel - numbered
            offsetLearned = true
        }
        if let numbered {
            current.level = numbered
        } else if let styleLevel {
            current.level = max(0, styleLevel - current.styleOffset)
        }
    }

    /// The GB/T 9704 level a paragraph's own numbering says, or `nil` for a paragraph that
    /// is not a heading. 一、 and （一） may run in (（一）基本情况。本单位…); 1. and （1） count only
    /// on a short paragraph, since a list item may start the same way.
    static func numberingLevel(_ text: String) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces)
        let numerals = "一二三四五六七八九十"
        let digits = "0123456789０１２３４５６７８９"
        let leadingNumerals = text.prefix { numerals.contains($0) }
        if !leadingNumerals.isEmpty, text.dropFirst(leadingNumerals.count).first == "、" { return 1 }
        if text.hasPrefix("（") || text.hasPrefix("(") {
            let inner = text.dropFirst()
            let chineseRun = inner.prefix { numerals.contains($0) }
            if !chineseRun.isEmpty, let close = inner.dropFirst(chineseRun.count).first, close == "）" || close == ")" { return 2 }
            let digitRun = inner.prefix { digits.contains($0) }
            if !digitRun.isEmpty, let close = inner.dropFirst(digitRun.count).first, close == "）" || close == ")", text.count <= 40 { return 4 }
        }
        let digitRun = text.prefix { digits.contains($0) }
        if !digitRun.isEmpty, let dot = text.dropFirst(digitRun.count).first, dot == "." || dot == "．" || dot == "、",
            text.count <= 40, !text.hasSuffix("。")
        {
            return 3
        }
        return nil
    }
}

/// How the paragraph holding a piece placeholder is formatted: the writer's body text where the
/// piece goes. Attached paragraphs take its paragraph and run properties, so they look like the
/// report around them (font, size, first-line indent, line spacing).
package struct HostBody: Equatable {
    /// The placeholder paragraph's `w:pPr` content, its `w:pStyle` kept.
    package var paragraphProperties: String
    /// Its first run's `w:rPr` content.
    package var runProperties: String
    /// The body size in half-points: the run's own, else the paragraph style's or defaults'.
    package var size: Int

    /// The body of a placeholder paragraph; `nil` when neither it nor the report's styles give
    /// a size (the piece then falls back to GB/T 9704).
    init?(paragraph: Substring, styles: HostStyles) {
        var pPr = ""
        var runsStart = paragraph.startIndex
        if let open = paragraph.range(of: "<w:pPr>"), let close = paragraph.range(of: "</w:pPr>"), open.upperBound <= close.lowerBound {
            pPr = String(paragraph[open.upperBound..<close.lowerBound])
            runsStart = close.upperBound
        }
        // A paragraph's numbering is not the body's (the piece's paragraphs are not list items).
        if let numbering = pPr.range(of: "<w:numPr>"), let end = pPr.range(of: "</w:numPr>") { pPr.removeSubrange(numbering.lowerBound..<end.upperBound) }
        var rPr = ""
        let runs = paragraph[runsStart...]
        if let run = runs.range(of: "<w:r>") ?? runs.range(of: "<w:r "), let open = runs[run.upperBound...].range(of: "<w:rPr>"),
            let close = runs[open.upperBound...].range(of: "</w:rPr>"), !runs[run.upperBound..<open.lowerBound].contains("<w:t")
        {
            rPr = String(runs[open.upperBound..<close.lowerBound])
        }
        guard let size = HostStyles.size(in: Substring(rPr)) ?? styles.bodySize else { return nil }
        paragraphProperties = pPr
        runProperties = rPr
        self.size = size
    }
}
